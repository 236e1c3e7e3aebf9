import Contracts
import Foundation
import Messaging

/// `signing.requested` for a leader's signature on an approved draft: the outgoing document's type, subject and
/// signer (who may find it). Seals and requests without a type are not an outgoing draft's and are skipped.
struct IndexSigningRequest: EventHandler {
    let store: SearchIndexStore

    func handle(_ event: SigningRequested, context: MessageContext) async throws -> [any Event] {
        guard event.kind == .leader, event.documentType != nil else { return [] }
        try await store.recordOutgoingRequest(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `document.sealed` with a number: the outgoing document is issued; its số/ký hiệu and the sealed PDF's text (with
/// its appendices') enter the index.
struct IndexIssued: EventHandler {
    let store: SearchIndexStore
    let text: DocumentTextReader

    func handle(_ event: DocumentSealed, context: MessageContext) async throws -> [any Event] {
        guard event.number != nil else { return [] }
        let body = try await text.body(of: [event.sealed] + event.appendices.map(\.blob), logger: context.logger)
        try await store.recordIssued(event, agency: context.envelope.agency, body: body, in: try context.requireTransaction())
        return []
    }
}
