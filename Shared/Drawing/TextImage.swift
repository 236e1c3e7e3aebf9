import CCairo

/// Text drawn with Pango onto a white raster page and written as PNG: a "scanned" page made in memory (the OCR tests
/// and benchmark use it instead of a scanner), its resolution noted in the PNG (pHYs) as a scanner does.
public enum TextImage {
    /// - Parameters:
    ///   - paragraphs: drawn one under the other, wrapped to the page's width less the margins.
    ///   - widthMM/heightMM: the page (A4: 210 × 297).
    ///   - dpi: pixels per inch of the raster (300 for a typical scan).
    ///   - font: a Pango font description, its size in points on the page.
    public static func png(
        _ paragraphs: [String], widthMM: Double = 210, heightMM: Double = 297, dpi: Double = 300,
        font: String = "Liberation Serif 13", marginMM: Double = 25
    ) throws(DrawingError) -> [UInt8] {
        let px = dpi / 25.4
        let (w, h) = (Int32(widthMM * px), Int32(heightMM * px))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface)
        else { throw .surface("Cairo cannot create a \(w)×\(h) image") }
        defer {
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
        }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        guard let layout = pango_cairo_create_layout(cr) else { throw .surface("Pango cannot lay out text") }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        // Points on the page: the layout's resolution is the raster's.
        pango_cairo_context_set_resolution(pango_layout_get_context(layout), dpi)
        pango_layout_context_changed(layout)
        let desc = pango_font_description_from_string(font)
        defer { pango_font_description_free(desc) }
        pango_layout_set_font_description(layout, desc)
        pango_layout_set_width(layout, Int32((widthMM - 2 * marginMM) * px * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD)
        pango_layout_set_spacing(layout, Int32(0.3 * 13 * dpi / 72 * Double(PANGO_SCALE)))
        pango_layout_set_text(layout, paragraphs.joined(separator: "\n\n"), -1)
        cairo_move_to(cr, marginMM * px, marginMM * px)
        pango_cairo_show_layout(cr, layout)
        cairo_surface_flush(surface)
        let sink = PNGSink()
        let status = cairo_surface_write_to_png_stream(
            surface,
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().bytes
                    .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw .surface("Cairo could not write the PNG") }
        return withExtendedLifetime(sink) { sink.bytes }
    }
}

private final class PNGSink { var bytes: [UInt8] = [] }
