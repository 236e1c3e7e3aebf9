import CCairo
import Foundation

/// Test inputs made at test time: Cairo (from Swift), qpdf rewrites, Ghostscript when installed.
enum SamplePDFs {
    /// An A4 page (Cairo + Pango) with Vietnamese text: a Decree 30 style decision.
    static func cairo(at path: String, pages: Int = 1) {
        let surface = cairo_pdf_surface_create(path, 595.28, 841.89)
        let cr = cairo_create(surface)
        for p in 0..<pages {
            let layout = pango_cairo_create_layout(cr)
            let font = pango_font_description_from_string("Liberation Serif 13")
            pango_layout_set_font_description(layout, font)
            pango_layout_set_width(layout, Int32(480 * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD)
            let text = """
                ỦY BAN NHÂN DÂN TỈNH SƠN LA
                Số: ....../QĐ-UBND        Sơn La, ngày ... tháng ... năm 2026

                QUYẾT ĐỊNH
                Về việc phê duyệt kế hoạch chuyển đổi số năm 2026 (trang \(p + 1))

                Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; \
                theo đề nghị của Giám đốc Sở Thông tin và Truyền thông.

                                                                            TM. ỦY BAN NHÂN DÂN
                                                                            CHỦ TỊCH



                                                                            Nguyễn Văn Ánh
                """
            pango_layout_set_text(layout, text, -1)
            cairo_move_to(cr, 57, 57)
            pango_cairo_show_layout(cr, layout)
            pango_font_description_free(font)
            g_object_unref(UnsafeMutableRawPointer(layout))
            cairo_show_page(cr)
        }
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        cairo_surface_destroy(surface)
    }

    /// A blue (or red) PNG with a transparent background: a scribble or a ring "seal".
    static func png(at path: String, width: Int32, height: Int32, red: Bool) {
        let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height)
        let cr = cairo_create(s)
        if red { cairo_set_source_rgba(cr, 0.85, 0.05, 0.05, 0.9) } else { cairo_set_source_rgba(cr, 0.05, 0.15, 0.8, 1) }
        cairo_set_line_width(cr, red ? 5 : 3)
        if red {
            cairo_arc(cr, Double(width) / 2, Double(height) / 2, Double(min(width, height)) / 2 - 4, 0, 2 * .pi)
            cairo_stroke(cr)
            cairo_arc(cr, Double(width) / 2, Double(height) / 2, Double(min(width, height)) / 2 - 22, 0, 2 * .pi)
            cairo_stroke(cr)
        } else {
            cairo_move_to(cr, 10, Double(height) * 0.7)
            cairo_curve_to(cr, Double(width) * 0.3, 0, Double(width) * 0.5, Double(height), Double(width) - 10, Double(height) * 0.3)
            cairo_stroke(cr)
        }
        cairo_destroy(cr)
        cairo_surface_write_to_png(s, path)
        cairo_surface_destroy(s)
    }

    /// Producers available here, each with a function that makes a PDF at a path (nil when the tool is missing).
    static func produce(_ kind: String, in dir: String) throws -> String? {
        let base = dir + "/cairo.pdf"
        if !FileManager.default.fileExists(atPath: base) { cairo(at: base, pages: 2) }
        let out = dir + "/\(kind).pdf"
        switch kind {
        case "cairo": return base
        case "qpdf-objstm", "qpdf-linearized", "qpdf-linearized-objstm":
            guard let qpdf = Tools.qpdf else { print("SKIP \(kind): qpdf not installed"); return nil }
            var args: [String] = []
            if kind.contains("objstm") { args.append("--object-streams=generate") }
            if kind.contains("linearized") { args.append("--linearize") }
            let o = try Tools.run(qpdf, args + [base, out])
            guard o.status == 0 || o.status == 3 else { throw PKIError(message: "qpdf: \(o.all)") }
            return out
        case "ghostscript":
            guard let gs = Tools.gs else { print("SKIP ghostscript input: gs not installed (apt-get install ghostscript)"); return nil }
            let o = try Tools.run(gs, ["-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-o", out, base])
            guard o.status == 0 else { throw PKIError(message: "gs: \(o.all)") }
            return out
        case "libreoffice":
            guard let so = Tools.soffice else { print("SKIP LibreOffice input: soffice not installed"); return nil }
            let txt = dir + "/lo.txt"
            try "Quyết định số 12/QĐ-UBND — Nguyễn Văn Ánh".write(toFile: txt, atomically: true, encoding: .utf8)
            let o = try Tools.run(so, ["--headless", "--convert-to", "pdf", "--outdir", dir, txt])
            guard o.status == 0 else { throw PKIError(message: "soffice: \(o.all)") }
            try? FileManager.default.moveItem(atPath: dir + "/lo.pdf", toPath: out)
            return out
        default: fatalError("unknown producer \(kind)")
        }
    }
}
