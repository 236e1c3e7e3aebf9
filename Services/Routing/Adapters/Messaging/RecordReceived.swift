import Contracts
import Foundation
import Messaging

/// Keeps what intake read from an incoming packet: sender, số/ký hiệu, trích yếu, hạn trả lời.
///
/// `document.registered` carries only the số đến, yet the status replies 04/05/06 go back to the sender and
/// name the sender's document, so routing also listens to `document.received` (same document id). Either event
/// may arrive first; the document is shown to the clerk once it is registered.
struct RecordReceived: EventHandler {
    let store: IncomingStore

    func handle(_ event: DocumentReceived, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        try await store.recordReceived(
            event, agency: context.envelope.agency, correlationId: context.envelope.correlationId, in: tx)
        return []
    }
}
