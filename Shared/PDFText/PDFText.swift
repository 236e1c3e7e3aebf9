import CPoppler
import Foundation

/// The text of a PDF (văn bản số hóa) for the archive's search index, read with poppler's GLib interface.
///
/// Budgets keep one document from stalling an index consumer: at most `maxPages` pages are read and the text is cut
/// at `maxCharacters`; a file above `maxBytes` is not opened at all. A PDF that poppler cannot open (damaged,
/// encrypted with a user password) is an ``PDFTextError``: the caller indexes the document's metadata without it.
public enum PDFText {
    public struct Budget: Sendable, Equatable {
        public var maxBytes: Int
        public var maxPages: Int
        public var maxCharacters: Int

        public init(maxBytes: Int = 64 << 20, maxPages: Int = 200, maxCharacters: Int = 500_000) {
            self.maxBytes = maxBytes
            self.maxPages = maxPages
            self.maxCharacters = maxCharacters
        }
    }

    public struct Extracted: Sendable, Equatable {
        /// The pages' text, separated by form feeds, whitespace runs kept as poppler gives them.
        public var text: String
        public var pageCount: Int
        /// How many pages were read (fewer than `pageCount` when the page budget cut it).
        public var pagesRead: Int
        /// Whether a budget cut the text short.
        public var truncated: Bool
    }

    /// Extracts the text of `pdf` within `budget`. Runs synchronously: call it off the event loop.
    public static func extract(_ pdf: Data, budget: Budget = Budget()) throws(PDFTextError) -> Extracted {
        guard pdf.count <= budget.maxBytes else { throw .tooLarge(bytes: pdf.count, limit: budget.maxBytes) }
        guard !pdf.isEmpty else { throw .unreadable("empty file") }
        let bytes = pdf.withUnsafeBytes { raw in g_bytes_new(raw.baseAddress, gsize(raw.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>? = nil
        guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw .unreadable(message)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        let pageCount = Int(poppler_document_get_n_pages(document))
        var text = ""
        var pagesRead = 0
        var truncated = false
        for index in 0..<pageCount {
            if pagesRead == budget.maxPages { truncated = true; break }
            guard let page = poppler_document_get_page(document, Int32(index)) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            pagesRead += 1
            guard let raw = poppler_page_get_text(page) else { continue }
            defer { g_free(raw) }
            if !text.isEmpty { text.append("\u{0C}") }
            // Precomposed (NFC): some producers' text comes out as base letters and combining marks.
            text.append(String(cString: raw).precomposedStringWithCanonicalMapping)
            if text.count >= budget.maxCharacters {
                text = String(text.prefix(budget.maxCharacters))
                truncated = true
                break
            }
        }
        return Extracted(text: text, pageCount: pageCount, pagesRead: pagesRead, truncated: truncated || pagesRead < pageCount)
    }
}

public enum PDFTextError: Error, Equatable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case unreadable(String)

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit): "PDF of \(bytes) bytes is above the text budget of \(limit) bytes"
        case .unreadable(let why): "PDF unreadable: \(why)"
        }
    }
}
