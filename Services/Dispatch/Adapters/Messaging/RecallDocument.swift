import Contracts
import Foundation
import Messaging

/// `document.recalled`: the agency takes back an outgoing document (thu hồi). Every recipient the document reached
/// (or may have) is asked with a status packet 13 — a `status.outbound`, sent like every status packet by
/// `SendStatus` — and marked `requested`; their answers come back as `status.received` (`RecordRecallAnswer`).
///
/// A recall of a document dispatch has not got yet is retried (its `document.issued` may be on its way); one never
/// dispatched ends in the dead-letter queue for the operator. A repeated recall asks nobody twice.
struct RecallDocument: EventHandler {
    let store: RecallStore
    /// The hosted agencies' names, for the packet's From.
    var agencyName: @Sendable (String) -> String = { $0 }

    func handle(_ event: DocumentRecalled, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        let agency = context.envelope.agency
        guard let document = try await store.document(event.documentId, agency: agency, in: tx) else {
            throw TransientError("outgoing document \(event.documentId) is not dispatched (yet): nothing to recall")
        }
        guard !document.alreadyRecalled else { return [] }
        let asked = document.recipients.filter { RecallState.asks(deliveryState: $0.deliveryState) }
        try await store.recordRecall(event.documentId, event, asked: asked.map(\.code), in: tx)
        context.logger.info("recall of an outgoing document", metadata: [
            "document": "\(document.edxmlDocumentId)", "asked": "\(asked.map(\.code))",
        ])
        let from = Organization(code: agency, name: agencyName(agency))
        return asked.map {
            RecallState.request(
                event, edxmlDocumentId: document.edxmlDocumentId, issuedOn: document.issuedOn,
                recipient: Organization(code: $0.code, name: $0.name), from: from)
        }
    }
}

/// `status.received` 15 or 16: a recipient answered our 13; its recall state and history record the answer and
/// its reason. Other statuses are `RecordStatus`'s (the delivery state), on a queue of their own.
struct RecordRecallAnswer: EventHandler {
    let store: RecallStore

    func handle(_ event: StatusReceived, context: MessageContext) async throws -> [any Event] {
        guard let state = RecallState(answer: event.status) else { return [] }
        let document = try await store.recordAnswer(
            agency: context.envelope.agency, edxmlDocumentId: event.edxmlDocumentId, from: event.from.code, state,
            reason: event.description, at: event.at, in: try context.requireTransaction())
        context.logger.info("answer to a recall", metadata: [
            "document": "\(event.edxmlDocumentId)", "from": "\(event.from.code)", "answer": "\(state.rawValue)",
            "known": "\(document != nil)",
        ])
        return []
    }
}
