import BlobStore
import Contracts
import Foundation
import Logging
import Messaging
import PDFSign
import Storage

/// `signing.requested`: the leader signs (the PDF is prepared first if needed) or the agency seals — only when
/// routing's approval backs the request (`RequestApproval`); otherwise the request is refused for good.
struct SignDocument: EventHandler {
    let core: SigningCore
    let approval: RequestApproval
    /// Where the refusal of a request is announced (`signing.failed`); nil only in tests that do not look.
    var notice: RefusalNotice?

    func handle(_ event: SigningRequested, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        if let problem = approval.problem(event, agency: context.envelope.agency) {
            // In a batch, the failure rolls the batch back and the message is handled again alone: announce it then.
            if context.batch == nil { try await notice?.announce(event, reason: problem, context: context) }
            context.logger.error("signing request refused", metadata: ["request": "\(event.requestId)", "reason": "\(problem)"])
            throw PermanentError("signing request refused (\(RefusalNotice.code)): \(problem)")
        }
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
