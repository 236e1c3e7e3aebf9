import BlobStore
import Contracts
import Foundation
import Logging
import Messaging
import PDFSign
import Storage

/// What both handlers share: the engine, the blob store, the signature log, a scratch directory.
struct SigningCore: Sendable {
    let engine: SigningEngine
    let blobs: FileBlobStore
    let log: SignatureLog
    let place: String?
    let scratch: URL

    /// Runs `work(input path, output path)` off the cooperative pool and stores the output as a blob.
    func produce(from ref: BlobRef, _ work: @escaping @Sendable (String, String) async throws -> Void) async throws -> BlobRef {
        guard try await blobs.contains(sha256: ref.sha256) else {
            throw SigningFailure(code: "blob-not-found", reason: "The PDF \(ref.sha256) is not in the blob store — không tìm thấy tệp")
        }
        let input = try blobs.fileURL(for: ref).path
        let output = scratch.appendingPathComponent("\(UUID().uuidString).pdf").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        try await SigningExecutor.run { try await work(input, output) }
        return try await blobs.put(contentsOf: URL(fileURLWithPath: output), mediaType: "application/pdf")
    }

    /// Seals each appendix at the top right of its first page with the main document's số/ký hiệu.
    func sealAppendices(_ appendices: [AttachmentRef], agency: String, number: String, at time: Date) async throws -> [AttachmentRef] {
        var out: [AttachmentRef] = []
        for a in appendices {
            let sealed = try await produce(from: a.blob) { input, output in
                try await engine.sealAppendix(input: input, output: output, agency: agency, documentNumber: number, at: time)
            }
            out.append(AttachmentRef(name: a.name, blob: sealed, description: a.description))
        }
        return out
    }

    static func failed(_ error: any Error, request: UUID, document: UUID, logger: Logger) throws -> [any Event] {
        guard let failure = SigningFailure.from(error) else { throw error }
        logger.warning("signing failed", metadata: ["code": "\(failure.code)", "document": "\(document)", "reason": "\(failure.reason)"])
        return [SigningFailed(requestId: request, documentId: document, code: failure.code, reason: failure.reason)]
    }
}

/// `signing.requested`: the leader signs (the PDF is prepared first if needed) or the agency seals.
struct SignDocument: EventHandler {
    let core: SigningCore

    func handle(_ event: SigningRequested, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        if let done = try await core.log.find(request: event.requestId, on: tx) { return [Self.result(done)] }
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))  // as stored and as /M
        let record: SignatureRecord
        do {
            var appendices = event.appendices
            let output: BlobRef
            switch event.kind {
            case .leader:
                output = try await core.produce(from: event.document) { [engine = core.engine] input, output in
                    try await engine.signLeader(input: input, output: output, signer: event.signer, reason: event.reason, at: now)
                }
            case .agency:
                let number = NumberBox()
                output = try await core.produce(from: event.document) { [engine = core.engine] input, output in
                    number.value = try await engine.seal(
                        input: input, output: output, agency: event.signer, fill: [], reason: event.reason, at: now)
                }
                appendices = try await core.sealAppendices(appendices, agency: event.signer, number: number.value ?? "", at: now)
            }
            record = SignatureRecord(
                requestId: event.requestId, documentId: event.documentId, kind: event.kind.rawValue, signer: event.signer,
                input: event.document.sha256, output: output, appendices: appendices, signedAt: now)
        } catch {
            return try SigningCore.failed(error, request: event.requestId, document: event.documentId, logger: context.logger)
        }
        return [Self.result(try await core.log.record(record, on: tx))]
    }

    static func result(_ r: SignatureRecord) -> any Event {
        r.kind == SignatureKind.leader.rawValue
            ? DocumentSigned(requestId: r.requestId, documentId: r.documentId, signer: r.signer, signed: r.output, signedAt: r.signedAt)
            : DocumentSealed(requestId: r.requestId, documentId: r.documentId, sealed: r.output, appendices: r.appendices, sealedAt: r.signedAt)
    }
}

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
