import CCairo

/// A PDF drawn with Cairo + Pango, one page or many, in memory or straight into a file (`init(…, file:)`: Cairo
/// writes each page as it is ended, so a long document is never whole in memory). Pango shapes Vietnamese text (combining marks,
/// precomposed vowels); Cairo embeds the fonts as subsets with /ToUnicode, so the text can be copied and searched.
/// Coordinates are Cairo's: origin top-left, in points. Used by the register print and the signature appearances.
public final class PDFCanvas {
    private let sink = ByteSink()
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private let textResolution: Double?
    public let width: Double
    public let height: Double

    /// - Parameter textResolution: the dpi Pango lays text out at. 72 makes "10" in a font description mean 10 pt
    ///   on the page; nil keeps Pango's default of 96, which the signature appearances were designed with.
    public init(width: Double, height: Double, textResolution: Double? = nil) throws(DrawingError) {
        self.width = width
        self.height = height
        self.textResolution = textResolution
        surface = cairo_pdf_surface_create_for_stream(
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes
                    .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        cr = cairo_create(surface)
        guard cairo_status(cr) == CAIRO_STATUS_SUCCESS else { throw .surface("Cairo cannot create a PDF surface") }
    }

    /// A canvas whose PDF goes into the file at `path` (created or truncated); `finish()` then returns no bytes.
    public init(width: Double, height: Double, textResolution: Double? = nil, path: String) throws(DrawingError) {
        self.width = width
        self.height = height
        self.textResolution = textResolution
        surface = cairo_pdf_surface_create(path, width, height)
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        cr = cairo_create(surface)
        guard cairo_status(cr) == CAIRO_STATUS_SUCCESS else { throw .surface("Cairo cannot create a PDF file at \(path)") }
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    public enum Align: Sendable { case left, center, right }

    /// Draws `text` wrapped to `width` with a Pango font description ("Liberation Serif Bold 10"); returns its height.
    @discardableResult
    public func text(
        _ text: String, font: String, x: Double, y: Double, width: Double, align: Align = .left,
        rgb: (Double, Double, Double) = (0, 0, 0)
    ) -> Double {
        withLayout(text, font: font, width: width, align: align) { layout in
            cairo_set_source_rgb(cr, rgb.0, rgb.1, rgb.2)
            cairo_move_to(cr, x, y)
            pango_cairo_show_layout(cr, layout)
        }
    }

    /// The height `text` takes wrapped to `width`.
    public func measure(_ text: String, font: String, width: Double) -> Double {
        withLayout(text, font: font, width: width, align: .left) { _ in }
    }

    private func withLayout(_ text: String, font: String, width: Double, align: Align, _ body: (OpaquePointer) -> Void) -> Double {
        guard let layout = pango_cairo_create_layout(cr) else { return 0 }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        if let textResolution {
            pango_cairo_context_set_resolution(pango_layout_get_context(layout), textResolution)
            pango_layout_context_changed(layout)
        }
        let desc = pango_font_description_from_string(font)
        defer { pango_font_description_free(desc) }
        pango_layout_set_font_description(layout, desc)
        pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_alignment(layout, align == .left ? PANGO_ALIGN_LEFT : align == .center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT)
        pango_layout_set_text(layout, text, -1)
        body(layout)
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_size(layout, &w, &h)
        return Double(h) / Double(PANGO_SCALE)
    }

    public func rectangle(x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.6) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, lineWidth)
        cairo_rectangle(cr, x, y, width, height)
        cairo_stroke(cr)
    }

    public func line(x1: Double, y1: Double, x2: Double, y2: Double, lineWidth: Double = 0.6) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, lineWidth)
        cairo_move_to(cr, x1, y1)
        cairo_line_to(cr, x2, y2)
        cairo_stroke(cr)
    }

    /// Draws a PNG (alpha kept) scaled to fit inside the box, centred.
    public func png(_ data: [UInt8], x: Double, y: Double, width: Double, height: Double) throws(DrawingError) {
        let image = try PNGImage(data)
        let iw = Double(image.width), ih = Double(image.height)
        guard iw > 0, ih > 0 else { return }
        let scale = min(width / iw, height / ih)
        let dx = x + (width - iw * scale) / 2, dy = y + (height - ih * scale) / 2
        cairo_save(cr)
        cairo_translate(cr, dx, dy)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, image.surface, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// Gives `body` the Cairo context (for the drawing extensions in this module).
    func withContext(_ body: (OpaquePointer) -> Void) { body(cr) }

    /// Gives `body` the canvas's Cairo context (`cairo_t *`) between a save and a restore, for another library to draw
    /// on the page: poppler draws a scanner's PDF page on a paper document's registered copy.
    public func withCairoContext<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        return try body(cr)
    }

    /// The size of the pages drawn from now on (before anything is drawn on the page): a scan's pages need not be A4.
    public func setPageSize(width: Double, height: Double) { cairo_pdf_surface_set_size(surface, width, height) }

    /// Ends the current page; the next drawing goes on a new one.
    public func endPage() { cairo_show_page(cr) }

    /// Finishes the document (after the last `endPage`) and returns the PDF bytes (none for a file canvas).
    public func finish() throws(DrawingError) -> [UInt8] {
        cairo_surface_finish(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw .surface("Cairo could not finish the PDF") }
        withExtendedLifetime(sink) {}
        return sink.bytes
    }
}

private final class ByteSink { var bytes: [UInt8] = [] }
