import Contracts
import Foundation
import Messaging

/// `document.revoked`: the sender took back a document (13 or BussinessDocType 1). Its register line is marked (the
/// ghi chú says who asked, when and why) and its content withheld until the clerk answers.
///
/// A revocation of a document not registered yet (its `document.received` still on its way) is retried: the retry
/// delays let the document arrive first; one never received ends in the dead-letter queue for the operator.
struct RecordRevocation: EventHandler {
    let store: IncomingRegisterStore

    func handle(_ event: DocumentRevoked, context: MessageContext) async throws -> [any Event] {
        let revocation = EntryRevocation(
            state: .requested, reason: event.reason, staff: event.staff, requestedAt: event.requestedAt, receivedAt: event.receivedAt)
        let marked = try await store.markRevoked(
            agency: context.envelope.agency, sender: event.sender.code, edxmlDocumentId: event.edxmlDocumentId,
            revocation: revocation, note: EntryRevocation.requestNote(event), in: try context.requireTransaction())
        guard !marked.isEmpty else {
            throw TransientError("no registered document \(event.edxmlDocumentId) from \(event.sender.code) to revoke yet")
        }
        return []
    }
}

/// `document.revocation_answered` from routing: the clerk agreed (15) or refused (16); a refusal serves the content again.
struct RecordRevocationAnswer: EventHandler {
    let store: IncomingRegisterStore

    func handle(_ event: RevocationAnswered, context: MessageContext) async throws -> [any Event] {
        let answered = try await store.answerRevocation(
            event.documentId, agency: context.envelope.agency, accepted: event.accepted, by: event.answeredBy, at: event.at,
            note: event.note, line: EntryRevocation.answerNote(event), in: try context.requireTransaction())
        guard answered else { throw TransientError("revocation of \(event.documentId) not recorded yet") }
        return []
    }
}

/// `document.updated`: an update or a replacement links to the earlier documents it changes (shown both ways).
struct RecordLinks: EventHandler {
    let store: IncomingRegisterStore

    func handle(_ event: DocumentUpdated, context: MessageContext) async throws -> [any Event] {
        try await store.addLinks(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}
