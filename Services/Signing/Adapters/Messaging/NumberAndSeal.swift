import BlobStore
import Contracts
import Foundation
import Logging
import Messaging
import PDFSign
import Storage

/// `document.numbered`: writes số/ký hiệu and date into the leader-signed PDF (form filling only, so the
/// leader's signature stays valid), seals it and its appendices with the agency key, emits `document.sealed`.
/// Documents this service did not sign for a leader are not its business and are skipped.
struct NumberAndSeal: EventHandler {
    let core: SigningCore
    /// Agency code whose key seals, when the envelope's agency has no key of its own.
    let defaultAgency: String?

    func handle(_ event: DocumentNumbered, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        if let done = try await core.log.latest(document: event.documentId, kind: "numbered", on: tx) {
            return [SignDocument.result(done)]
        }
        guard let leader = try await core.log.latest(document: event.documentId, kind: "leader", on: tx) else {
            context.logger.info("document.numbered for a document without a leader signature here; skipped")
            return []
        }
        var agency = context.envelope.agency
        if let fallback = defaultAgency, (try? core.engine.keys.key(for: agency)) == nil { agency = fallback }
        let number = DocumentLayout.numberText(number: event.number, notation: event.notation)
        let fill = [(DocumentLayout.numberField, number), (DocumentLayout.dateField, DocumentLayout.dateText(event.issuedOn, place: core.place))]
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))  // as stored and as /M
        let requestId = context.envelope.id
        let record: SignatureRecord
        do {
            let output = try await core.produce(from: leader.output) { [engine = core.engine, agency] input, output in
                _ = try await engine.seal(input: input, output: output, agency: agency, fill: fill, reason: nil, at: now)
            }
            let appendices = try await core.sealAppendices(leader.appendices, agency: agency, number: number, at: now)
            record = SignatureRecord(
                requestId: requestId, documentId: event.documentId, kind: "numbered", signer: agency, input: leader.output.sha256,
                output: output, appendices: appendices, signedAt: now)
        } catch {
            return try SigningCore.failed(error, request: requestId, document: event.documentId, logger: context.logger)
        }
        return [SignDocument.result(try await core.log.record(record, on: tx))]
    }
}

/// Carries a value out of a `@Sendable` closure that runs exactly once before it is read.
final class NumberBox: @unchecked Sendable {
    var value: String?
}
