import Drawing

/// The shared Cairo canvas (module Drawing) as the signature appearances use it: one page, Pango's default
/// 96 dpi text (the appearances were designed with it), failures as `PDFSignError`.
enum AppearanceCanvas {
    static func make(width: Double, height: Double) throws(PDFSignError) -> PDFCanvas {
        do { return try PDFCanvas(width: width, height: height) } catch { throw failure(error) }
    }

    /// Draws a PNG (alpha kept) scaled to fit inside the box, centred.
    static func png(_ data: [UInt8], fitIn box: PDFRect, on canvas: PDFCanvas) throws(PDFSignError) {
        do { try canvas.png(data, x: box.x, y: box.y, width: box.width, height: box.height) } catch { throw failure(error) }
    }

    /// Ends the page and returns the PDF bytes.
    static func finish(_ canvas: PDFCanvas) throws(PDFSignError) -> [UInt8] {
        canvas.endPage()
        do { return try canvas.finish() } catch { throw failure(error) }
    }

    private static func failure(_ error: DrawingError) -> PDFSignError {
        switch error {
        case .unreadableImage:
            PDFSignError(.rendering, "The image is not a readable PNG", vi: "Ảnh không phải tệp PNG hợp lệ")
        case .surface(let detail):
            PDFSignError(.rendering, "Rendering failed: \(detail)", vi: "Không vẽ được hình hiển thị: \(detail)")
        }
    }
}
