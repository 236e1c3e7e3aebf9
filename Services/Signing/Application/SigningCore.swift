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
