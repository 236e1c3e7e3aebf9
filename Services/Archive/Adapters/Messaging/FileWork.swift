import Contracts
import Foundation
import Messaging

/// `task.completed` by the main handler: the incoming document goes into their dossier (see `AutoFiling`).
struct FileCompletedDocument: EventHandler {
    let filing: AutoFiling

    func handle(_ event: TaskCompleted, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction(), agency = context.envelope.agency
        let into = try await filing.fileCompleted(event.documentId, handler: event.completedBy, agency: agency, at: event.completedAt, in: tx)
        if into.isEmpty { context.logger.debug("completed document left for filing by hand", metadata: ["document_id": "\(event.documentId)"]) }
        return []
    }
}

/// `document.sealed` with a number: the outgoing document is issued — its số/ký hiệu, sealed PDF (and its text with
/// its appendices') and the seal's validation data enter its record — and goes into the dossier of the document it
/// answers, or its author's (see `AutoFiling`).
struct FileIssuedDocument: EventHandler {
    let catalog: DocumentCatalog
    let text: DocumentTextReader
    let filing: AutoFiling

    func handle(_ event: DocumentSealed, context: MessageContext) async throws -> [any Event] {
        guard event.number != nil else { return [] }  // a seal without a number is not an issued document
        let body = try await text.body(of: [event.sealed] + event.appendices.map(\.blob), logger: context.logger)
        let tx = try context.requireTransaction(), agency = context.envelope.agency
        try await catalog.recordSealed(event, agency: agency, body: body, in: tx)
        try await filing.fileIssued(event.documentId, agency: agency, at: event.sealedAt, in: tx)
        return []
    }
}
