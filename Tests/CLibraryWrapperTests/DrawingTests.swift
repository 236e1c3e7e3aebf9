import Drawing
import XCTest

final class DrawingTests: XCTestCase {
    func testPagesBecomeAPDF15Document() throws {
        let canvas = try PDFCanvas(width: 595.28, height: 841.89, textResolution: 72)
        let height = canvas.text("Sổ đăng ký văn bản đến", font: "Liberation Serif Bold 18", x: 36, y: 36, width: 500, align: .center)
        XCTAssertGreaterThan(height, 18)
        XCTAssertEqual(canvas.measure("Một dòng", font: "Liberation Serif 10", width: 500), canvas.measure("Dòng khác", font: "Liberation Serif 10", width: 500))
        canvas.rectangle(x: 36, y: 80, width: 100, height: 20)
        canvas.endPage()
        canvas.line(x1: 36, y1: 36, x2: 200, y2: 36)
        canvas.endPage()
        let pdf = try canvas.finish()
        XCTAssertEqual(Array(pdf.prefix(8)), Array("%PDF-1.5".utf8))
        XCTAssertTrue(String(decoding: pdf.suffix(16), as: UTF8.self).contains("%%EOF"))
    }

    func testTextResolutionScalesTheLayout() throws {
        let points = try PDFCanvas(width: 200, height: 200, textResolution: 72).measure("Chữ", font: "Liberation Serif 10", width: 180)
        let pango = try PDFCanvas(width: 200, height: 200).measure("Chữ", font: "Liberation Serif 10", width: 180)
        XCTAssertEqual(pango / points, 96.0 / 72.0, accuracy: 0.15)
    }

    func testAnUnreadableImageIsRefused() throws {
        let canvas = try PDFCanvas(width: 100, height: 100)
        XCTAssertThrowsError(try canvas.png([1, 2, 3], x: 0, y: 0, width: 10, height: 10)) { error in
            guard case .unreadableImage = error as? DrawingError else { return XCTFail("\(error)") }
        }
    }
}
