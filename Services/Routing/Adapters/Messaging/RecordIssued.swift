import Contracts
import Foundation
import Messaging

/// `document.sealed` with a number: the approved draft is issued (ban hành) under its số/ký hiệu, shown on the draft
/// and written to the audit log, and `document.issued` tells dispatch what to send to whom. A seal without a number,
/// or of a document that is no draft here, changes nothing.
struct RecordDraftIssued: EventHandler {
    let store: DraftStore
    let schema: String

    func handle(_ event: DocumentSealed, context: MessageContext) async throws -> [any Event] {
        guard let number = event.number, let notation = event.notation else { return [] }
        let tx = try context.requireTransaction()
        let agency = context.envelope.agency
        let code = DocumentNumbered.codeText(number: number, notation: notation)
        guard try await store.recordIssued(event.documentId, agency: agency, number: code, issuedOn: event.issuedOn, at: event.sealedAt, in: tx)
        else { return [] }
        _ = try await AuditLog.append(
            AuditEntry(
                actor: "signing", onBehalfOf: nil, agency: agency, action: "draft.issued", subject: event.documentId.uuidString.lowercased(),
                details: ["number": code, "sealed": event.sealed.sha256], source: nil),
            schema: schema, in: tx)
        guard let issued = try await IssuedDocumentReader(schema: schema).read(event, number: number, notation: notation, agency: agency, in: tx)
        else { return [] }
        return [issued]
    }
}
