import Contracts
import Foundation

/// The clerk answers the sender's revocation (Decree 30 art. 18.4.b): 15 agrees — the document stays revoked, its
/// content withheld — or 16 refuses, with the reason, and the document goes back to where it was (its withdrawn tasks
/// stay withdrawn: the leader assigns again). The status goes to the sender through `status.outbound`; numbering
/// writes the answer in the register's ghi chú from `document.revocation_answered`.
struct AnswerRevocation: Sendable {
    var documentId: UUID
    var accept: Bool
    var note: String?

    func run(_ context: CommandContext, documents: some IncomingDocuments, staff: some StaffDirectory) async throws
        -> Outcome<IncomingDocument>
    {
        let acting = context.acting
        try IncomingPolicy.mayAnswerRevocation(acting)
        let document = try await documents.locked(documentId, acting)
        var revocation = try IncomingPolicy.canAnswerRevocation(document)
        try IncomingPolicy.refusalReason(accept, note)
        revocation.state = accept ? .accepted : .refused
        revocation.answeredBy = acting.principal
        revocation.answeredAt = context.now
        revocation.answerNote = note
        // A document revoked before numbering registered it goes back as registered once it has its số đến.
        let restored: IncomingDocument.State =
            revocation.stateBefore == .received && document.number != nil ? .registered : revocation.stateBefore
        try await documents.setRevocation(documentId, revocation, state: accept ? .revoked : restored)

        var record = context.record()
        let status: StatusCode = accept ? .changeAccepted : .changeRejected
        let from = try await staff.organization(acting.agency)
        let name = try await staff.colleague(acting.principal)?.fullName ?? acting.principal
        var reply = try StatusReply.make(document, status, from: from, staff: name, at: context.now)
        if let note, !note.isEmpty { reply.description = "\(reply.description): \(note)" }
        try record.emit(reply, correlationId: document.correlationId)
        try record.emit(
            RevocationAnswered(
                documentId: documentId, edxmlDocumentId: document.edxmlDocumentId ?? "", accepted: accept,
                answeredBy: acting.principal, note: note, at: context.now),
            correlationId: document.correlationId)
        record.audit(
            accept ? "incoming.revocation_accepted" : "incoming.revocation_refused", subject: documentId.lowercased,
            details: ["note": note ?? ""])
        return record.outcome(try await documents.locked(documentId, acting))
    }
}
