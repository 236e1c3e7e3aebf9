import Foundation

/// The clerk submits a registered document to the leaders (trình lãnh đạo), to one of them when named.
struct SubmitIncoming: Sendable {
    var documentId: UUID
    /// The leader the clerk submits to; any leader may act when absent.
    var to: String?
    var note: String?

    func run(_ context: CommandContext, documents: some IncomingDocuments, staff: some StaffDirectory) async throws
        -> Outcome<IncomingDocument>
    {
        let acting = context.acting
        try IncomingPolicy.maySubmit(acting)
        try IncomingPolicy.canSubmit(try await documents.locked(documentId, acting))
        if let to {
            _ = try IncomingPolicy.submissionTarget(try await staff.colleague(to), account: to, agency: acting.agency)
        }
        try await documents.submit(documentId, by: acting.principal, to: to, at: context.now)
        var record = context.record()
        record.audit("incoming.submit", subject: documentId.lowercased, details: ["to": to ?? "", "note": note ?? ""])
        return record.outcome(try await documents.locked(documentId, acting))
    }
}
