import Drawing
import Foundation
import OCR
import PDFText

/// The registered copy of a paper document: each scanned page as it was scanned (its pixels embedded losslessly, a
/// JPEG as the scanner wrote it; a page of the scanner's PDF drawn by poppler from its own content, its image streams
/// embedded byte for byte, see ``ScannedPDF``), the text OCR read laid under the image word by word where it is seen (so the
/// PDF can be searched and its text copied, while the page looks exactly like the scan), and the "ĐẾN" stamp on the
/// first page as Decree 30/2020 Phụ lục I shows it.
enum RegisteredCopy {
    static func render(_ pages: [ScanReader.Page], stamp: ArrivalStamp) throws -> [UInt8] {
        do {
            return try draw(pages, stamp: stamp)
        } catch {
            throw PrintError(error.description)
        }
    }

    private static func draw(_ pages: [ScanReader.Page], stamp: ArrivalStamp) throws(DrawingError) -> [UInt8] {
        let first = pages[0]
        let canvas = try PDFCanvas(width: first.widthPoints, height: first.heightPoints, textResolution: 72)
        for (index, page) in pages.enumerated() {
            let (w, h) = (page.widthPoints, page.heightPoints)
            canvas.setPageSize(width: w, height: h)
            let scale = 72 / Double(page.image.dpi)
            // The text first: the image drawn over it hides it.
            for word in page.ocr.words {
                canvas.fittedWord(
                    word.text, x: Double(word.x) * scale, y: Double(word.lineY) * scale, width: Double(word.width) * scale,
                    height: Double(word.lineHeight) * scale)
            }
            if let pdf = page.pdf {
                do {
                    try canvas.withCairoContext { cr in try pdf.document.draw(page: pdf.index, on: cr) }
                } catch {
                    throw .surface("page \(index + 1) of the scanned PDF cannot be drawn: \(error)")
                }
            } else {
                try canvas.scan(
                    rgb24: page.image.rgb24(), pixelWidth: page.image.width, pixelHeight: page.image.height,
                    jpeg: page.image.mediaType == "image/jpeg" ? page.image.bytes : nil, x: 0, y: 0, width: w, height: h)
            }
            if index == 0 {
                let words = page.ocr.words.map {
                    Box(x: Double($0.x) * scale, y: Double($0.y) * scale, width: Double($0.width) * scale, height: Double($0.height) * scale)
                }
                let at = ArrivalStamp.place(pageWidth: w, pageHeight: h, words: words)
                stamp.draw(on: canvas, x: at.x, y: at.y)
            }
            canvas.endPage()
        }
        return try canvas.finish()
    }

    struct Box: Sendable, Equatable {
        var x, y, width, height: Double
        func intersects(_ o: Box) -> Bool { x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height }
    }
}

/// Dấu "ĐẾN" (Decree 30/2020 Phụ lục IV, mẫu dấu đến): 50 × 35 mm, the agency's name, then ĐẾN with Số and Ngày,
/// then Chuyển and Số và ký hiệu HS; the values the system knows are written on the dotted lines.
struct ArrivalStamp: Sendable {
    var agencyName: String
    var number: Int
    /// dd/MM/yyyy.
    var day: String
    var forwardTo: String?
    var fileNotation: String?

    static let mm = 72 / 25.4
    static let width = 50 * mm
    static let height = 35 * mm
    static let ink = (0.75, 0.05, 0.1)

    /// Where the stamp goes: the first space of its size, on the left then on the right, going down the upper part of
    /// the page, that no word read on it overlaps (the blank under the số ký hiệu or the trích yếu, where the clerk
    /// stamps by hand); the top left margin when the page has no such space.
    static func place(pageWidth: Double, pageHeight: Double, words: [RegisteredCopy.Box]) -> (x: Double, y: Double) {
        let margin = 12 * mm
        for x in [margin, pageWidth - margin - width] {
            var y = margin
            while y + height <= pageHeight * 0.6 {
                let spot = RegisteredCopy.Box(x: x - 4, y: y - 4, width: width + 8, height: height + 8)
                if !words.contains(where: spot.intersects) { return (x, y) }
                y += 4
            }
        }
        return (margin, margin)
    }

    func draw(on canvas: PDFCanvas, x: Double, y: Double) {
        let (w, h, mm, ink) = (Self.width, Self.height, Self.mm, Self.ink)
        canvas.fill(x: x, y: y, width: w, height: h, rgb: (1, 1, 1))
        canvas.frame(x: x, y: y, width: w, height: h, lineWidth: 1.2, rgb: ink)
        let font = "Liberation Serif 8"
        canvas.text(agencyName.uppercased(), font: "Liberation Serif Bold 7", x: x + 2, y: y + 2 * mm, width: w - 4, align: .center, rgb: ink)
        canvas.text("ĐẾN", font: "Liberation Serif Bold 16", x: x + 2 * mm, y: y + 10 * mm, width: 16 * mm, align: .left, rgb: ink)
        canvas.text("Số: \(number)", font: font, x: x + 19 * mm, y: y + 9 * mm, width: w - 21 * mm, rgb: ink)
        canvas.text("Ngày: \(day)", font: font, x: x + 19 * mm, y: y + 14.5 * mm, width: w - 21 * mm, rgb: ink)
        canvas.text("Chuyển: \(forwardTo ?? String(repeating: ".", count: 40))", font: font, x: x + 2 * mm, y: y + 21 * mm, width: w - 4 * mm, rgb: ink)
        canvas.text("Số và ký hiệu HS: \(fileNotation ?? String(repeating: ".", count: 26))", font: font, x: x + 2 * mm, y: y + 27.5 * mm, width: w - 4 * mm, rgb: ink)
    }
}
