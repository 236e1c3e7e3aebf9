import Contracts
import Foundation
import Messaging

/// `document.received`: the archive learns an incoming document's metadata, packet and the sender's signature verdict.
struct RecordReceived: EventHandler {
    let catalog: DocumentCatalog

    func handle(_ event: DocumentReceived, context: MessageContext) async throws -> [any Event] {
        try await catalog.recordReceived(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `document.registered`: its số đến.
struct RecordRegistered: EventHandler {
    let catalog: DocumentCatalog

    func handle(_ event: DocumentRegistered, context: MessageContext) async throws -> [any Event] {
        try await catalog.recordRegistered(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `task.assigned`: who took part in the document's work (may file it) and who its main handler is (files it).
struct RecordAssignment: EventHandler {
    let catalog: DocumentCatalog

    func handle(_ event: TaskAssigned, context: MessageContext) async throws -> [any Event] {
        try await catalog.recordAssignment(event, agency: context.envelope.agency, in: try context.requireTransaction())
        return []
    }
}

/// `signing.requested` for an approved draft: an outgoing document, its subject, author and the document it answers.
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
