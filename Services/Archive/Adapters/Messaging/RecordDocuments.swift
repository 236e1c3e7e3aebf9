import Contracts
import Foundation
import Messaging

// One handler per event writes the archive's one record of a document (`DocumentCatalog`): what dossiers file and
// what the search finds.

/// `document.received`: the incoming document's metadata, packet, the sender's signature verdict and the text of its
/// PDF attachments. Consumed from intake's event itself, at the same time as numbering registers it, so the document
/// is usually findable before its số đến is given (read-your-writes: docs/archive.md, Search).
struct RecordReceived: EventHandler {
    let catalog: DocumentCatalog
    let text: DocumentTextReader

    func handle(_ event: DocumentReceived, context: MessageContext) async throws -> [any Event] {
        let body = try await text.body(of: event.attachments.map(\.blob), logger: context.logger)
        try await catalog.recordReceived(event, agency: context.envelope.agency, body: body, in: try context.requireTransaction())
        return []
    }
}

/// `document.registered`: its số đến, register and year.
struct RecordRegistered: EventHandler {
    let catalog: DocumentCatalog

    func handle(_ event: DocumentRegistered, context: MessageContext) async throws -> [any Event] {
        try await catalog.recordRegistered(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `task.assigned`: who took part in the document's work (may find and file it) and who its main handler is (files it).
struct RecordAssignment: EventHandler {
    let catalog: DocumentCatalog

    func handle(_ event: TaskAssigned, context: MessageContext) async throws -> [any Event] {
        try await catalog.recordAssignment(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `signing.requested` for an approved draft: an outgoing document, its type, subject, signer, author and the document
/// it answers.
struct RecordDraft: EventHandler {
    let catalog: DocumentCatalog

    func handle(_ event: SigningRequested, context: MessageContext) async throws -> [any Event] {
        guard event.kind == .leader, event.documentType != nil else { return [] }  // a seal or the CLI: no outgoing document
        try await catalog.recordRequested(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `document.signed`: the leader's signature's validation data.
struct RecordSignature: EventHandler {
    let catalog: DocumentCatalog

    func handle(_ event: DocumentSigned, context: MessageContext) async throws -> [any Event] {
        try await catalog.recordSigned(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}
