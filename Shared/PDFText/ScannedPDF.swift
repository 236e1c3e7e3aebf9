import CPoppler
import Foundation

/// A scanner's PDF (tệp quét PDF), opened with poppler for a paper document's registration: each page rasterised for
/// OCR, and drawn as it is onto the registered copy's Cairo PDF.
///
/// Drawing a page with `poppler_page_render_for_printing` hands Cairo the page's images with their encoded streams
/// attached (a DCTDecode JPEG, JPX, JBIG2, CCITT as mime data), and Cairo's PDF writer embeds those bytes unchanged: the
/// registered copy keeps the scanner's image streams, never a re-encoded raster. Flate images (already lossless) are
/// re-compressed by Cairo with the same pixels.
///
/// Refused (``ScannedPDFError``): above `maxBytes`, more than `maxPages` pages, encrypted (even with an empty user
/// password: a scan is never encrypted, and a copy that cannot be re-opened would be useless), damaged, or a page
/// with no scanned image (a born-digital PDF is not a paper scan).
public final class ScannedPDF: @unchecked Sendable {
    // Poppler's document and pages are only read after init, one page at a time by the caller's one OCR thread.
    private let document: OpaquePointer
    private let bytes: OpaquePointer
    public let pageCount: Int

    public init(_ pdf: [UInt8], maxBytes: Int = 64 << 20, maxPages: Int = 50) throws(ScannedPDFError) {
        guard pdf.count <= maxBytes else { throw .tooLarge(bytes: pdf.count, limit: maxBytes) }
        guard pdf.starts(with: Array("%PDF-".utf8)) else { throw .unreadable("not a PDF") }
        // The trailer (or xref stream) of an encrypted file names /Encrypt in clear text.
        if Self.contains(pdf, "/Encrypt") { throw .encrypted }
        bytes = pdf.withUnsafeBytes { raw in g_bytes_new(raw.baseAddress, gsize(raw.count)) }
        var error: UnsafeMutablePointer<GError>? = nil
        guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
            let encrypted = error.map { $0.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) } ?? false
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            g_bytes_unref(bytes)
            throw encrypted ? .encrypted : .unreadable(message)
        }
        self.document = document
        pageCount = Int(poppler_document_get_n_pages(document))
        guard pageCount > 0 else { throw .unreadable("the PDF has no page") }
        guard pageCount <= maxPages else { throw .tooManyPages(pageCount, limit: maxPages) }
        for index in 0..<pageCount {
            guard try hasScan(index) else { throw .notAScan(page: index + 1) }
        }
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(document))
        g_bytes_unref(bytes)
    }

    private func page<T>(_ index: Int, _ body: (OpaquePointer) throws(ScannedPDFError) -> T) throws(ScannedPDFError) -> T {
        guard let page = poppler_document_get_page(document, Int32(index)) else { throw .unreadable("page \(index + 1) cannot be read") }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        return try body(page)
    }

    /// The page's size in points (its media box, unrotated, as poppler draws it).
    public func size(of index: Int) throws(ScannedPDFError) -> (width: Double, height: Double) {
        try page(index) { page in
            var w = 0.0, h = 0.0
            poppler_page_get_size(page, &w, &h)
            return (w, h)
        }
    }

    /// Whether an image covers at least half of the page: what a scanner's page is (a whole-page image, or for mixed
    /// raster content the background layer); a born-digital page has text and vector drawing, at most a logo.
    private func hasScan(_ index: Int) throws(ScannedPDFError) -> Bool {
        try page(index) { page in
            var w = 0.0, h = 0.0
            poppler_page_get_size(page, &w, &h)
            guard w > 0, h > 0 else { return false }
            let list = poppler_page_get_image_mapping(page)
            defer { poppler_page_free_image_mapping(list) }
            var node = list
            while let n = node {
                if let mapping = n.pointee.data?.assumingMemoryBound(to: PopplerImageMapping.self) {
                    let area = mapping.pointee.area
                    if abs(area.x2 - area.x1) * abs(area.y2 - area.y1) >= 0.5 * w * h { return true }
                }
                node = n.pointee.next
            }
            return false
        }
    }

    /// The page rasterised at `dpi` on white, as a PNG (what OCR reads).
    public func png(page index: Int, dpi: Double = 300) throws(ScannedPDFError) -> [UInt8] {
        let (w, h) = try size(of: index)
        let (pw, ph) = (Int32((w * dpi / 72).rounded()), Int32((h * dpi / 72).rounded()))
        guard pw > 0, ph > 0, Int(pw) * Int(ph) <= 20_000 * 20_000 / 4 else { throw .unreadable("page \(index + 1) is \(w)×\(h) pt") }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface)
        else { throw .unreadable("no memory for a \(pw)×\(ph) raster") }
        defer {
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
        }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, dpi / 72, dpi / 72)
        try page(index) { page in poppler_page_render(page, cr) }
        cairo_surface_flush(surface)
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(
            surface,
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes
                    .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw .unreadable("the raster of page \(index + 1) could not be written") }
        return withExtendedLifetime(sink) { sink.bytes }
    }

    /// Draws the page as it is (its own content stream, images with their original encoded bytes) on `cairo`, a
    /// `cairo_t *` (from the caller's PDF canvas), at 1 unit a point.
    public func draw(page index: Int, on cairo: OpaquePointer) throws(ScannedPDFError) {
        try page(index) { page in poppler_page_render_for_printing(page, cairo) }
    }

    private static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        haystack.withUnsafeBytes { h in
            Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: h.baseAddress!), count: h.count, deallocator: .none)
                .range(of: Data(needle.utf8)) != nil
        }
    }
}

private final class Sink { var bytes: [UInt8] = [] }

public enum ScannedPDFError: Error, Equatable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case tooManyPages(Int, limit: Int)
    case encrypted
    case unreadable(String)
    case notAScan(page: Int)

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit): "PDF of \(bytes) bytes is above the budget of \(limit) bytes"
        case .tooManyPages(let n, let limit): "PDF of \(n) pages is above the budget of \(limit) pages"
        case .encrypted: "the PDF is encrypted"
        case .unreadable(let why): "PDF unreadable: \(why)"
        case .notAScan(let page): "page \(page) carries no scanned image"
        }
    }
}
