import Contracts
import Foundation
import Messaging

/// `document.revoked`: the sender took a document back (13 or BussinessDocType 1). The document becomes `revoked`, its
/// open tasks are withdrawn (the handlers stop), and it waits for the clerk's answer (15/16, `AnswerRevocation`).
///
/// A revocation of a document whose details have not arrived yet is retried (the retry delays let
/// `document.received` come first); one of a document never received ends in the dead-letter queue.
struct RecordRevocation: EventHandler {
    let store: IncomingStore
    let schema: String

    func handle(_ event: DocumentRevoked, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        let agency = context.envelope.agency
        let documents = try await store.documents(
            sender: event.sender.code, edxmlDocumentId: event.edxmlDocumentId, agency: agency, in: tx)
        guard !documents.isEmpty else {
            throw TransientError("no incoming document \(event.edxmlDocumentId) from \(event.sender.code) to revoke yet")
        }
        for document in documents {
            // A repeated request keeps the state the document had before the first one.
            let before = document.state == .revoked ? document.revocation?.stateBefore ?? .registered : document.state
            let revocation = Revocation(
                state: .requested, reason: event.reason, staff: event.staff, requestedAt: event.requestedAt,
                receivedAt: event.receivedAt, stateBefore: before)
            try await store.setRevocation(document.documentId, revocation, state: .revoked, in: tx)
            let withdrawn = try await store.withdraw(document: document.documentId, role: nil, reason: "revoked", in: tx)
            _ = try await AuditLog.append(
                AuditEntry(
                    actor: event.sender.code, onBehalfOf: nil, agency: agency, action: "incoming.revocation_requested",
                    subject: document.documentId.lowercased,
                    details: [
                        "reason": event.reason, "staff": event.staff ?? "", "tasks": withdrawn.map(\.assignee).joined(separator: ","),
                    ],
                    source: nil),
                schema: schema, in: tx)
        }
        return []
    }
}

/// `document.updated`: an update or a replacement names the earlier documents it changes (shown on both).
struct RecordLinks: EventHandler {
    let store: IncomingStore

    func handle(_ event: DocumentUpdated, context: MessageContext) async throws -> [any Event] {
        try await store.addLinks(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}
