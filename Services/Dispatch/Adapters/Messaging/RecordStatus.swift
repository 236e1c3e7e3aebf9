import Contracts
import Foundation
import Messaging

/// `status.received`: a recipient's status packet (01 đã đến, 02 từ chối, 03 đã tiếp nhận, 04, 05, 06) about one of
/// our outgoing documents moves that recipient's state forward and is kept in its history. A status about a document
/// this agency never sent changes nothing (revocation answers 15/16 are for the revocation's own handler).
struct RecordStatus: EventHandler {
    let store: OutgoingStore

    func handle(_ event: StatusReceived, context: MessageContext) async throws -> [any Event] {
        let state = try await store.recordStatus(
            agency: context.envelope.agency, edxmlDocumentId: event.edxmlDocumentId, from: event.from.code, status: event.status,
            description: event.description, at: event.at, in: try context.requireTransaction())
        context.logger.info("status of an outgoing document", metadata: [
            "document": "\(event.edxmlDocumentId)", "from": "\(event.from.code)", "status": "\(event.status.rawValue)",
            "state": "\(state?.rawValue ?? "unknown document")",
        ])
        return []
    }
}
