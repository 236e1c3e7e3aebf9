import Contracts
import Foundation

/// The author submits the draft to the leader in charge (trình lãnh đạo phụ trách): drafting/returned →
/// submitted; it needs the main PDF.
struct SubmitDraft: Sendable {
    var draftId: UUID
    var leader: String

    func run(_ context: CommandContext, drafts: some Drafts, staff: some StaffDirectory) async throws -> Outcome<DraftDetail> {
        let acting = context.acting
        var draft = try await drafts.locked(draftId, acting)
        try DraftPolicy.requireAuthor(draft, acting, "trình dự thảo", "submit the draft")
        try DraftPolicy.requireEditable(draft, "submit")
        guard let current = try await drafts.version(draftId, draft.currentVersion), current.mainFile != nil else {
            throw Refusal.unprocessable(
                "main_missing", "Dự thảo chưa có văn bản chính (PDF) nên chưa trình được", "the draft has no main PDF to submit")
        }
        let leader = try IncomingPolicy.submissionTarget(try await staff.colleague(self.leader), account: self.leader, agency: acting.agency)
        try await drafts.update(draftId, state: .submitted, leader: leader.account, signingRequestId: nil, at: context.now)
        var record = context.record()
        record.audit("draft.submit", subject: draftId.lowercased, details: ["leader": leader.account, "version": "\(draft.currentVersion)"])
        draft.state = .submitted
        draft.leader = leader.account
        return record.outcome(try await drafts.detail(draft))
    }
}
