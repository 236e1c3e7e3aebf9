import CCairo

extension PDFCanvas {
    /// Draws a scanned image filling the box: `rgb24` holds `pixelWidth × pixelHeight` 0x00RRGGBB words, row after row.
    /// Cairo embeds the pixels losslessly (Flate); with `jpeg` (the scanner's own file) it embeds that file as it is
    /// (DCTDecode), so the registered copy's pixels are the scan's, not re-encoded.
    public func scan(
        rgb24: [UInt32], pixelWidth: Int, pixelHeight: Int, jpeg: [UInt8]?, x: Double, y: Double, width: Double, height: Double
    ) throws(DrawingError) {
        guard pixelWidth > 0, pixelHeight > 0, rgb24.count >= pixelWidth * pixelHeight else { return }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(pixelWidth)))
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(pixelWidth), Int32(pixelHeight)),
            cairo_surface_status(image) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(image)
        else { throw .surface("Cairo cannot hold a \(pixelWidth)×\(pixelHeight) image") }
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        rgb24.withUnsafeBufferPointer { src in
            for row in 0..<pixelHeight {
                let dst = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                for col in 0..<pixelWidth { dst[col] = src[row * pixelWidth + col] }
            }
        }
        cairo_surface_mark_dirty(image)
        if let jpeg {
            // Cairo keeps the bytes until the surface is destroyed: a copy it frees itself.
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: jpeg.count)
            copy.initialize(from: jpeg, count: jpeg.count)
            cairo_surface_set_mime_data(
                image, CAIRO_MIME_TYPE_JPEG, copy, UInt(jpeg.count), { $0?.assumingMemoryBound(to: UInt8.self).deallocate() }, copy)
        }
        withContext { cr in
            cairo_save(cr)
            cairo_translate(cr, x, y)
            cairo_scale(cr, width / Double(pixelWidth), height / Double(pixelHeight))
            cairo_set_source_surface(cr, image, 0, 0)
            cairo_paint(cr)
            cairo_restore(cr)
        }
    }

    /// Draws `word` stretched into the box, for a text layer under a scanned image: drawn before the image, it is hidden
    /// by the image's pixels, yet a PDF reader (and `pdftotext`) finds, selects and copies it where the word is seen.
    public func fittedWord(_ word: String, font: String = "Liberation Serif", x: Double, y: Double, width: Double, height: Double) {
        guard width > 0, height > 0 else { return }
        withContext { cr in
            guard let layout = pango_cairo_create_layout(cr) else { return }
            defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
            pango_cairo_context_set_resolution(pango_layout_get_context(layout), 72)
            pango_layout_context_changed(layout)
            let desc = pango_font_description_from_string("\(font) 10")
            defer { pango_font_description_free(desc) }
            pango_layout_set_font_description(layout, desc)
            pango_layout_set_text(layout, word, -1)
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_layout_get_extents(layout, &ink, &logical)
            let w = Double(logical.width) / Double(PANGO_SCALE), h = Double(logical.height) / Double(PANGO_SCALE)
            guard w > 0, h > 0 else { return }
            cairo_save(cr)
            cairo_set_source_rgb(cr, 0, 0, 0)
            cairo_translate(cr, x, y)
            cairo_scale(cr, width / w, height / h)
            cairo_move_to(cr, 0, 0)
            pango_cairo_show_layout(cr, layout)
            cairo_restore(cr)
        }
    }

    /// Fills a rectangle (no stroke) in `rgb`.
    public func fill(x: Double, y: Double, width: Double, height: Double, rgb: (Double, Double, Double)) {
        withContext { cr in
            cairo_set_source_rgb(cr, rgb.0, rgb.1, rgb.2)
            cairo_rectangle(cr, x, y, width, height)
            cairo_fill(cr)
        }
    }

    /// A rectangle outline in `rgb`.
    public func frame(x: Double, y: Double, width: Double, height: Double, lineWidth: Double, rgb: (Double, Double, Double)) {
        withContext { cr in
            cairo_set_source_rgb(cr, rgb.0, rgb.1, rgb.2)
            cairo_set_line_width(cr, lineWidth)
            cairo_rectangle(cr, x, y, width, height)
            cairo_stroke(cr)
        }
    }
}
