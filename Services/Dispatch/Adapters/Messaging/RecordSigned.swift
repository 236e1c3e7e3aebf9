import Contracts
import Foundation
import Messaging

/// `document.signed`: the leader signed an outgoing document; from now the same-day rule counts (``SameDayRule``).
struct RecordSigned: EventHandler {
    let store: SameDayStore

    func handle(_ event: DocumentSigned, context: MessageContext) async throws -> [any Event] {
        try await store.recordSigned(
            documentId: event.documentId, agency: context.envelope.agency, signer: event.signer, signedAt: event.signedAt,
            in: try context.requireTransaction())
        return []
    }
}
