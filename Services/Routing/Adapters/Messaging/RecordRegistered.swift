import Contracts
import Foundation
import Messaging

/// Turns a registered incoming document (số đến given by numbering) into a workflow item in state `registered`
/// for the agency of the envelope, ready for the clerk to submit to a leader.
///
/// A repeated `document.registered` (redelivery, or numbering answering a duplicate receipt with the same number)
/// changes nothing: the item keeps its state and the audit log its single entry.
struct RecordRegistered: EventHandler {
    let store: IncomingStore
    let schema: String

    func handle(_ event: DocumentRegistered, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        let agency = context.envelope.agency
        let isNew = try await store.recordRegistered(
            event, agency: agency, correlationId: context.envelope.correlationId, in: tx)
        guard isNew else {
            context.logger.info("document already in the workflow", metadata: ["document_id": "\(event.documentId)"])
            return []
        }
        _ = try await AuditLog.append(
            AuditEntry(
                actor: "numbering", onBehalfOf: nil, agency: agency, action: "incoming.registered",
                subject: event.documentId.uuidString.lowercased(),
                details: ["register": event.register, "year": "\(event.year)", "number": "\(event.number)"],
                source: nil),
            schema: schema, in: tx)
        return []
    }
}
