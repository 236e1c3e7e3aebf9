import BlobStore
import Contracts
import Foundation
import Logging
import Messaging
import PDFSign
import Storage

/// `document.numbered`: writes số/ký hiệu and date into the leader-signed PDF (form filling only, so the
/// leader's signature stays valid), seals it and its appendices with the agency key, emits `document.sealed` with
/// the number (numbering records the number as issued, routing shows the draft issued).
/// Documents this service did not sign for a leader are not its business and are skipped.
struct NumberAndSeal: EventHandler {
    let core: SigningCore
    /// Agency code whose key seals, when the envelope's agency has no key of its own.
    let defaultAgency: String?

    func handle(_ event: DocumentNumbered, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        let requestId = context.envelope.id
        // The same number again (a redelivery, a second copy): the same result. A new number for the document
        // (numbering withdrew the first before issue) seals again from the leader's PDF.
        if let done = try await core.log.numbered(document: event.documentId, numberText: event.codeText, on: tx) {
            return [Self.sealed(done, event)]
        }
        guard let leader = try await core.log.latest(document: event.documentId, kind: "leader", on: tx) else {
            context.logger.info("document.numbered for a document without a leader signature here; skipped")
            return []
        }
        var agency = context.envelope.agency
        if let fallback = defaultAgency, (try? core.engine.keys.key(for: agency)) == nil { agency = fallback }
        let fill = [
            (DocumentLayout.numberField, DocumentLayout.numberText(number: event.number, notation: event.notation)),
            (DocumentLayout.dateField, DocumentLayout.dateText(event.issuedOn, place: core.place)),
        ]
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))  // as stored and as /M
        let record: SignatureRecord
        do {
            let output = try await core.produce(from: leader.output) { [engine = core.engine, agency] input, output in
                _ = try await engine.seal(input: input, output: output, agency: agency, fill: fill, reason: nil, at: now)
            }
            // Separate appendix files carry the main document's số và ký hiệu (Decree 30 Phụ lục I II.8.b).
            let appendices = try await core.sealAppendices(leader.appendices, agency: agency, number: event.codeText, at: now)
            record = SignatureRecord(
                requestId: requestId, documentId: event.documentId, kind: "numbered", signer: agency, input: leader.output.sha256,
                output: output, appendices: appendices, signedAt: now, numberText: event.codeText)
        } catch {
            return try SigningCore.failed(error, request: requestId, document: event.documentId, logger: context.logger)
        }
        return [Self.sealed(try await core.log.record(record, on: tx), event)]
    }

    /// `document.sealed` with the number and date it was issued under, for numbering's register and routing.
    static func sealed(_ r: SignatureRecord, _ numbered: DocumentNumbered) -> DocumentSealed {
        DocumentSealed(
            requestId: r.requestId, documentId: r.documentId, sealed: r.output, appendices: r.appendices, sealedAt: r.signedAt,
            number: numbered.number, notation: numbered.notation, issuedOn: numbered.issuedOn)
    }
}

/// Carries a value out of a `@Sendable` closure that runs exactly once before it is read.
final class NumberBox: @unchecked Sendable {
    var value: String?
}
