import Contracts
import Foundation
import Messaging

/// `document.received`: the incoming document's metadata and the text of its PDF attachments enter the index.
///
/// Consumed from intake's event itself, at the same time as numbering registers it, so the document is usually
/// in the index before its số đến is given (read-your-writes: docs/archive.md, Search).
struct IndexReceived: EventHandler {
    let store: SearchIndexStore
    let text: DocumentTextReader

    func handle(_ event: DocumentReceived, context: MessageContext) async throws -> [any Event] {
        let body = try await text.body(of: event.attachments.map(\.blob), logger: context.logger)
        try await store.indexIncoming(event, agency: context.envelope.agency, body: body, in: try context.requireTransaction())
        return []
    }
}

/// `document.registered`: the số đến, register and year.
struct IndexRegistered: EventHandler {
    let store: SearchIndexStore

    func handle(_ event: DocumentRegistered, context: MessageContext) async throws -> [any Event] {
        try await store.recordRegistered(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `task.assigned`: the assignee may find the document (need to know).
struct IndexReader: EventHandler {
    let store: SearchIndexStore

    func handle(_ event: TaskAssigned, context: MessageContext) async throws -> [any Event] {
        try await store.addReader(event.assignee, documentId: event.documentId, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}
