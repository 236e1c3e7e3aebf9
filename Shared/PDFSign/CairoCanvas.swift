import CCairo

/// Draws a one-page PDF in memory with Cairo + Pango (fonts subset-embedded with /ToUnicode, so Vietnamese text
/// renders and extracts correctly). Coordinates are Cairo's: origin top-left, points.
final class CairoCanvas {
    private let sink = ByteSink()
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    let width: Double
    let height: Double

    init(width: Double, height: Double) throws {
        self.width = width
        self.height = height
        let unmanaged = Unmanaged.passUnretained(sink).toOpaque()
        surface = cairo_pdf_surface_create_for_stream(
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, unmanaged, width, height)
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        cr = cairo_create(surface)
        guard cairo_status(cr) == CAIRO_STATUS_SUCCESS else { throw Self.failure("cannot create a PDF surface") }
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    enum Align { case left, center, right }

    /// Lays out `text` (wrapped to `width`) with a Pango font description such as "Liberation Serif Bold 13".
    /// Returns the height used.
    @discardableResult
    func text(_ text: String, font: String, x: Double, y: Double, width: Double, align: Align = .left,
              rgb: (Double, Double, Double) = (0, 0, 0)) -> Double {
        guard let layout = pango_cairo_create_layout(cr) else { return 0 }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let desc = pango_font_description_from_string(font)
        defer { pango_font_description_free(desc) }
        pango_layout_set_font_description(layout, desc)
        pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_alignment(layout, align == .left ? PANGO_ALIGN_LEFT : align == .center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT)
        pango_layout_set_text(layout, text, -1)
        cairo_set_source_rgb(cr, rgb.0, rgb.1, rgb.2)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_size(layout, &w, &h)
        return Double(h) / Double(PANGO_SCALE)
    }

    /// Height a text would take.
    func measure(_ text: String, font: String, width: Double) -> Double {
        guard let layout = pango_cairo_create_layout(cr) else { return 0 }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let desc = pango_font_description_from_string(font)
        defer { pango_font_description_free(desc) }
        pango_layout_set_font_description(layout, desc)
        pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_text(layout, text, -1)
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_size(layout, &w, &h)
        return Double(h) / Double(PANGO_SCALE)
    }

    /// Draws a PNG (alpha kept) scaled to fit inside the box, centred.
    func png(_ data: [UInt8], fitIn box: PDFRect) throws {
        let source = ByteSource(data)
        let img = cairo_image_surface_create_from_png_stream(
            { closure, out, length in
                guard let closure, let out else { return CAIRO_STATUS_READ_ERROR }
                let src = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
                let n = Int(length)
                guard src.offset + n <= src.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                src.bytes.withUnsafeBufferPointer { out.update(from: $0.baseAddress! + src.offset, count: n) }
                src.offset += n
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(source).toOpaque())
        defer { cairo_surface_destroy(img) }
        guard cairo_surface_status(img) == CAIRO_STATUS_SUCCESS else {
            throw PDFSignError(.rendering, "The image is not a readable PNG", vi: "Ảnh không phải tệp PNG hợp lệ")
        }
        let iw = Double(cairo_image_surface_get_width(img)), ih = Double(cairo_image_surface_get_height(img))
        guard iw > 0, ih > 0 else { return }
        let scale = min(box.width / iw, box.height / ih)
        let dx = box.x + (box.width - iw * scale) / 2, dy = box.y + (box.height - ih * scale) / 2
        cairo_save(cr)
        cairo_translate(cr, dx, dy)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, img, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// Ends the page and returns the PDF bytes.
    func finish() throws -> [UInt8] {
        cairo_show_page(cr)
        cairo_surface_finish(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw Self.failure("Cairo could not finish the PDF") }
        withExtendedLifetime(sink) {}
        return sink.bytes
    }

    static func failure(_ detail: String) -> PDFSignError {
        PDFSignError(.rendering, "Rendering failed: \(detail)", vi: "Không vẽ được hình hiển thị: \(detail)")
    }
}

private final class ByteSink { var bytes: [UInt8] = [] }

private final class ByteSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}
