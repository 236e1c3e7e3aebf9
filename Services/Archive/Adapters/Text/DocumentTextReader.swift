import BlobStore
import Contracts
import Dispatch
import Foundation
import Logging
import PDFText

/// Reads the text of a document's PDFs from the blob store for the index, within the search's budgets: a file that
/// poppler cannot read, or one above the byte budget, is skipped (logged) and the document is indexed without it —
/// its metadata stays findable.
struct DocumentTextReader: Sendable {
    let blobs: any BlobStore
    var budget = PDFText.Budget(maxBytes: 64 << 20, maxPages: 100, maxCharacters: 200_000)
    /// Cut for the whole document (all its files together).
    var maxCharacters = 400_000

    func body(of files: [BlobRef], logger: Logger) async throws -> DocumentBody {
        var parts: [String] = []
        var read = 0, truncated = false, length = 0
        for blob in files where blob.mediaType == "application/pdf" {
            guard blob.size <= Int64(budget.maxBytes) else {
                logger.warning("PDF above the text budget, indexed without its text", metadata: ["sha256": "\(blob.sha256)", "size": "\(blob.size)"])
                truncated = true
                continue
            }
            let data = try await blobs.read(blob)
            let budget = self.budget
            let extracted: PDFText.Extracted
            do {
                extracted = try await Self.offThePool { try PDFText.extract(data, budget: budget) }
            } catch {
                logger.warning("PDF text unreadable, indexed without it", metadata: ["sha256": "\(blob.sha256)", "error": "\(error)"])
                continue
            }
            read += 1
            truncated = truncated || extracted.truncated
            parts.append(extracted.text)
            length += extracted.text.count
            if length >= maxCharacters { truncated = true; break }
        }
        let text = String(parts.joined(separator: "\u{0C}").prefix(maxCharacters))
        // PostgreSQL text refuses NUL.
        return DocumentBody(text: text.replacingOccurrences(of: "\u{0}", with: " "), files: read, truncated: truncated)
    }

    /// Parsing a PDF is CPU work of milliseconds to seconds: done on a Dispatch queue, not a Swift concurrency thread.
    private static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(with: Result { try work() }) }
        }
    }
}
