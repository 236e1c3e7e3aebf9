import Contracts
import Foundation
import Messaging

/// `signing.requested` for a leader's signature on an approved draft: numbering learns the document's type,
/// subject, recipients and signer for the outgoing register. A request without a type (a seal, the CLI) is not an
/// outgoing document's and is skipped.
struct RecordSigningRequest: EventHandler {
    let store: OutgoingRegisterStore

    func handle(_ event: SigningRequested, context: MessageContext) async throws -> [any Event] {
        guard event.kind == .leader, event.documentType != nil else { return [] }
        try await store.recordRequested(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `document.signed`: the leader signed; the document joins the clerk's queue of documents to number.
struct RecordSigned: EventHandler {
    let store: OutgoingRegisterStore

    func handle(_ event: DocumentSigned, context: MessageContext) async throws -> [any Event] {
        try await store.recordSigned(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `document.sealed` after `document.numbered`: the agency's signature is on the numbered document, so its number
/// is issued in the register.
struct RecordIssued: EventHandler {
    let store: OutgoingRegisterStore

    func handle(_ event: DocumentSealed, context: MessageContext) async throws -> [any Event] {
        let issued = try await store.recordSealed(event, agency: context.envelope.agency, in: try context.requireTransaction())
        if issued == nil, event.number != nil {
            context.logger.warning(
                "document.sealed for a number that is not live here", metadata: ["document_id": "\(event.documentId)", "number": "\(event.number!)"])
        }
        return []
    }
}

/// `document.dispatched`: dispatch sent the issued document to its recipients; the day goes in the register's "ngày
/// chuyển".
struct RecordDispatched: EventHandler {
    let store: OutgoingRegisterStore

    func handle(_ event: DocumentDispatched, context: MessageContext) async throws -> [any Event] {
        if try await !store.recordDispatched(event, agency: context.envelope.agency, in: try context.requireTransaction()) {
            context.logger.debug("document.dispatched for a document not in the outgoing register", metadata: ["document_id": "\(event.documentId)"])
        }
        return []
    }
}
