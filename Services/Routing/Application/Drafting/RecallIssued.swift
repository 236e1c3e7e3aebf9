import Contracts
import Foundation

/// The clerk or a leader takes back an issued document (thu hồi): recorded on the draft with the reason, and
/// `document.recalled` for dispatch, which sends 13 to every recipient and keeps their answers (15/16).
struct RecallIssued: Sendable {
    var draftId: UUID
    var reason: String?

    func run(_ context: CommandContext, drafts: some Drafts, staff: some StaffDirectory) async throws -> Outcome<Draft> {
        let acting = context.acting
        try RecallPolicy.mayRecall(acting)
        let reason = try RecallPolicy.reason(reason)
        guard let draft = try await drafts.draft(draftId, agency: acting.agency, forUpdate: true) else {
            throw Refusal.notFound("not_found", "Không có văn bản này trong cơ quan", "no such document in this agency")
        }
        let number = try RecallPolicy.canRecall(draft)
        let recall = DraftRecall(reason: reason, requestedBy: acting.account, onBehalfOf: acting.onBehalfOf, requestedAt: context.now)
        try await drafts.recordRecall(draftId, recall)
        var record = context.record()
        let name = try await staff.colleague(acting.account)?.fullName
        try record.emit(
            DocumentRecalled(
                documentId: draftId, documentCode: number, reason: reason, requestedBy: acting.account, staffName: name,
                requestedAt: context.now),
            correlationId: draftId)
        record.audit("draft.recall", subject: draftId.lowercased, details: ["number": number, "reason": reason])
        var recalled = draft
        recalled.recall = recall
        return record.outcome(recalled)
    }
}
