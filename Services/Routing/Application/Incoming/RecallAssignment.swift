import Foundation

/// A leader withdraws every open task (thu hồi phân công); the document waits for a new assignment.
struct RecallAssignment: Sendable {
    var documentId: UUID
    var reason: String?

    func run(_ context: CommandContext, documents: some IncomingDocuments) async throws -> Outcome<IncomingDocument> {
        let acting = context.acting
        try acting.requireLeader("thu hồi phân công", "recall an assignment")
        try IncomingPolicy.canRecall(try await documents.locked(documentId, acting))
        let withdrawn = try await documents.withdraw(document: documentId, role: nil, reason: "recalled")
        try await documents.setState(documentId, .submitted)
        var record = context.record()
        record.audit(
            "incoming.recall", subject: documentId.lowercased,
            details: ["tasks": withdrawn.map(\.assignee).joined(separator: ","), "reason": reason ?? ""])
        return record.outcome(try await documents.locked(documentId, acting))
    }
}
