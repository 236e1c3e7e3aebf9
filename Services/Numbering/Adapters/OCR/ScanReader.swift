import Contracts
import Foundation
import OCR
import Synchronization

/// Reads a paper document's scanned pages: decodes each image and recognises its Vietnamese text with Tesseract.
///
/// Recognition takes seconds a page and blocks its thread, so it runs on a thread of its own, never on Swift's
/// cooperative pool (the service keeps answering the register meanwhile). One engine, created on first use (loading the
/// Vietnamese model takes a moment), reads one page at a time: on a 2-core host, pages in parallel would only take
/// the cores the message handlers need.
final class ScanReader: Sendable {
    let language: String
    private let engine = Mutex<OCREngine?>(nil)
    private let queue = DispatchQueue(label: "numbering.ocr")

    init(language: String = "vie") { self.language = language }

    /// A page as scanned and as read.
    struct Page: @unchecked Sendable {
        let image: ScanImage
        let ocr: OCRPage
        /// The page's size in points at the scan's resolution.
        var widthPoints: Double { Double(image.width) * 72 / Double(image.dpi) }
        var heightPoints: Double { Double(image.height) * 72 / Double(image.dpi) }
    }

    func read(_ files: [[UInt8]]) async throws -> [Page] {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.readNow(files) })
            }
        }
    }

    private func readNow(_ files: [[UInt8]]) throws -> [Page] {
        let engine = try self.engine.withLock { engine in
            if let engine { return engine }
            do {
                let created = try OCREngine(language: language)
                engine = created
                return created
            } catch {
                throw Refusal(
                    .unavailable, code: "ocr_unavailable", vietnamese: "Máy chủ chưa cài Tesseract tiếng Việt (tesseract-ocr-vie)",
                    english: "the server has no Tesseract Vietnamese model (tesseract-ocr-vie): \(error)")
            }
        }
        return try files.enumerated().map { index, bytes in
            let image: ScanImage
            do {
                image = try ScanImage(bytes)
            } catch {
                throw Refusal.unprocessable(
                    "scan_unreadable", "Trang \(index + 1) của tệp quét không phải ảnh PNG, JPEG hoặc TIFF đọc được",
                    "page \(index + 1) of the scan is not a readable PNG, JPEG or TIFF image")
            }
            return Page(image: image, ocr: try engine.recognize(image))
        }
    }
}
