import Contracts
import Foundation
import OCR
import PDFText
import Synchronization

/// Reads a paper document's scanned pages: decodes each image and recognises its Vietnamese text with Tesseract.
/// A file may be an image (one page: PNG, JPEG, TIFF) or the scanner's PDF (its pages, each rasterised at 300 dpi with
/// poppler for OCR; the registered copy draws the PDF's own page, see ``RegisteredCopy``).
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
        /// The image file, or for a PDF's page its 300 dpi raster: what OCR read, in the pixels of `ocr`'s boxes.
        let image: ScanImage
        let ocr: OCRPage
        /// Which of the uploaded files the page is in.
        let file: Int
        /// The scanner's PDF and the page's index in it, when the page came in a PDF.
        let pdf: (document: ScannedPDF, index: Int)?
        /// The page's size in points: the PDF page's, or the image's at the scan's resolution.
        let widthPoints: Double
        let heightPoints: Double

        init(image: ScanImage, ocr: OCRPage, file: Int, pdf: (document: ScannedPDF, index: Int)? = nil) throws {
            (self.image, self.ocr, self.file, self.pdf) = (image, ocr, file, pdf)
            if let pdf {
                (widthPoints, heightPoints) = try pdf.document.size(of: pdf.index)
            } else {
                (widthPoints, heightPoints) = (Double(image.width) * 72 / Double(image.dpi), Double(image.height) * 72 / Double(image.dpi))
            }
        }

        var mediaType: String { pdf == nil ? image.mediaType : "application/pdf" }
    }

    /// The most pages of one paper document, images and PDF pages together, and the biggest PDF (64 MiB, the PDF
    /// budget of docs/security.md).
    static let maxPages = PaperDocument.maxPages
    static let maxPDFBytes = 64 << 20

    static func isPDF(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("%PDF-".utf8)) }

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
        var pages: [Page] = []
        for (index, bytes) in files.enumerated() {
            if Self.isPDF(bytes) {
                let pdf = try Self.open(bytes, file: index, pagesLeft: Self.maxPages - pages.count)
                for p in 0..<pdf.pageCount {
                    let raster: ScanImage
                    do {
                        raster = try ScanImage(try pdf.png(page: p))
                    } catch {
                        throw Refusal.unprocessable(
                            "scan_unreadable", "Không vẽ được trang \(p + 1) của tệp PDF \(index + 1)",
                            "page \(p + 1) of PDF file \(index + 1) cannot be rasterised: \(error)")
                    }
                    pages.append(try Page(image: raster, ocr: try engine.recognize(raster), file: index, pdf: (pdf, p)))
                }
                continue
            }
            guard pages.count < Self.maxPages else { throw Self.tooManyPages }
            let image: ScanImage
            do {
                image = try ScanImage(bytes)
            } catch {
                throw Refusal.unprocessable(
                    "scan_unreadable", "Tệp quét \(index + 1) không phải PDF hay ảnh PNG, JPEG hoặc TIFF đọc được",
                    "scan file \(index + 1) is not a readable PDF, PNG, JPEG or TIFF")
            }
            pages.append(try Page(image: image, ocr: try engine.recognize(image), file: index))
        }
        return pages
    }

    static let tooManyPages = Refusal.unprocessable(
        "scan_too_many_pages", "Văn bản giấy tối đa \(maxPages) trang quét", "a paper document has at most \(maxPages) scanned pages")

    /// Opens a scanner's PDF within the budgets, or the refusal that tells the clerk why it is not taken.
    static func open(_ bytes: [UInt8], file: Int, pagesLeft: Int) throws -> ScannedPDF {
        do {
            return try ScannedPDF(bytes, maxBytes: maxPDFBytes, maxPages: pagesLeft)
        } catch {
            let n = file + 1
            switch error {
            case .tooLarge(_, let limit):
                throw Refusal(.contentTooLarge, code: "scan_too_large",
                    vietnamese: "Tệp PDF \(n) lớn quá \(limit >> 20) MB", english: "PDF file \(n) is above \(limit >> 20) MiB")
            case .tooManyPages:
                throw tooManyPages
            case .encrypted:
                throw Refusal.unprocessable(
                    "scan_encrypted", "Tệp PDF \(n) được mã hóa (có mật khẩu): hãy quét lại và lưu không đặt mật khẩu",
                    "PDF file \(n) is encrypted: scan it again and save it without a password")
            case .unreadable:
                throw Refusal.unprocessable(
                    "scan_unreadable", "Tệp PDF \(n) bị hỏng, không đọc được", "PDF file \(n) is damaged and cannot be read: \(error)")
            case .notAScan(let page):
                throw Refusal.unprocessable(
                    "scan_not_scanned",
                    "Trang \(page) của tệp PDF \(n) không có ảnh quét: tệp PDF tạo từ phần mềm (văn bản điện tử) không phải bản quét văn bản giấy",
                    "page \(page) of PDF file \(n) carries no scanned image: a born-digital PDF is not a paper scan")
            }
        }
    }
}
