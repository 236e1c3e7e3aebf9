import CTesseract
import Contracts
import Drawing
import Foundation
import TestSupport
import Testing

@testable import NumberingService

/// A paper document uploaded as the scanner's PDF (issue 17.1): a page of Vietnamese text drawn with Pango, rasterised
/// at 300 dpi, written as a greyscale JPEG and wrapped in a PDF as a scanner does (one DCTDecode image filling the page).
/// It is rasterised with poppler and read by Tesseract, numbered in the one sequence, found by a word of its text, and
/// its registered copy holds the scanner's JPEG byte for byte. Encrypted, damaged, born-digital and too long PDFs are
/// refused with a reason.
@Suite(.serialized)
struct PaperPDFTests {
    static let text = [
        "UỶ BAN NHÂN DÂN HUYỆN SỐP CỘP",
        "Số: 42/UBND-TNMT",
        "V/v xử lý điểm sạt lở trên tuyến đường liên xã",
        "Kính gửi: Ủy ban nhân dân tỉnh Sơn La",
        "Mưa lớn kéo dài đã gây sạt lở taluy dương tại bản Nà Khoang, ách tắc giao thông; huyện đề nghị tỉnh hỗ trợ kinh phí khắc phục khẩn cấp và di dời các hộ dân.",
    ]

    /// The page as a scanner's greyscale JPEG (Leptonica writes it, as libjpeg does in a scanner).
    static func jpeg(_ png: [UInt8]) throws -> [UInt8] {
        var pix = png.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
        defer { pixDestroy(&pix) }
        var gray = pixConvertRGBToLuminance(pix)
        defer { pixDestroy(&gray) }
        var data: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        guard pixWriteMemJpeg(&data, &size, gray, 85, 0) == 0, let data else { throw TestFailure("no JPEG") }
        defer { free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The pixels of an image file as Cairo's RGB24 words (Leptonica decodes it).
    static func rgb24(_ file: [UInt8]) throws -> (pixels: [UInt32], width: Int, height: Int) {
        var pix = file.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
        defer { pixDestroy(&pix) }
        var color = pixConvertTo32(pix)
        defer { pixDestroy(&color) }
        guard let rgb = color, let data = pixGetData(rgb) else { throw TestFailure("no pixels") }
        let (w, h, wpl) = (Int(pixGetWidth(rgb)), Int(pixGetHeight(rgb)), Int(pixGetWpl(rgb)))
        var out = [UInt32](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { out[y * w + x] = data[y * wpl + x] >> 8 } }
        return (out, w, h)
    }

    /// A scanner's PDF: each page one image filling an A4 page, the JPEG embedded as it is.
    static func scannerPDF(_ jpeg: [UInt8], width: Int, height: Int, pages: Int = 1) throws -> [UInt8] {
        let (w, h) = (595.28, 841.89)
        let canvas = try PDFCanvas(width: w, height: h)
        let blank = [UInt32](repeating: 0xFFFFFF, count: width * height)
        for _ in 0..<pages {
            try canvas.scan(rgb24: blank, pixelWidth: width, pixelHeight: height, jpeg: jpeg, x: 0, y: 0, width: w, height: h)
            canvas.endPage()
        }
        return try canvas.finish()
    }

    static func paper(_ file: [UInt8], number: String = "42") -> [String: Any] {
        [
            "sender": ["code": "", "name": "Ủy ban nhân dân huyện Sốp Cộp"], "codeNumber": number, "codeNotation": "UBND-TNMT",
            "promulgationDate": VietnamTime.isoDay(Date().addingTimeInterval(-86400)), "documentType": "Công văn",
            "subject": "V/v xử lý điểm giao thông", "pages": [["data": Data(file).base64EncodedString()]],
        ]
    }

    /// The images of a PDF as `pdfimages -all` writes them (a DCT stream as its .jpg bytes), or with `png` each
    /// image's pixels decoded and written as PNG.
    static func images(_ pdf: [UInt8], png: Bool = false) async throws -> [[UInt8]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pdfimages-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(pdf).write(to: dir.appendingPathComponent("in.pdf"))
        let child = try ChildProcess("/usr/bin/pdfimages", [png ? "-png" : "-all", dir.appendingPathComponent("in.pdf").path, dir.appendingPathComponent("img").path])
        #expect(try await child.waitForExit() == 0)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("img") }.sorted()
            .map { [UInt8](try Data(contentsOf: dir.appendingPathComponent($0))) }
    }

    @Test func aScannersPDFIsNumberedFoundAndKeptByteForByte() async throws {
        try await MemoryTurns.take { try await self.aScannersPDFIsNumberedFoundAndKeptByteForByteInTurn() }
    }

    func aScannersPDFIsNumberedFoundAndKeptByteForByteInTurn() async throws {
        let png = try TextImage.png(Self.text, font: "Liberation Serif 14")
        let jpeg = try Self.jpeg(png)
        let (pw, ph) = (Int(210 * 300 / 25.4), Int(297 * 300 / 25.4))
        let upload = try Self.scannerPDF(jpeg, width: pw, height: ph)
        // The test's scanner really embeds its JPEG as it is: what the copy is compared with.
        #expect(try await Self.images(upload) == [jpeg])

        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"
        let year = VietnamTime.year(of: Date())
        try await h.register(Fixtures.document(1, receivedAt: Date().addingTimeInterval(-60)))
        let reply = try await http.post(base + "/paper", json: try JSONSerialization.data(withJSONObject: Self.paper(upload)))
        #expect(reply.status == .created, "\(reply.text)")
        let paper = try reply.json(RegisterPaper.Result.self)
        try await h.register(Fixtures.document(3, receivedAt: Date()))

        #expect(paper.entry.number == 2 && paper.entry.medium == .paper && paper.entry.pageAmount == 1)
        #expect(try await h.numbers(year: year) == [1, 2, 3])
        #expect(paper.wordsRead > 30)
        #expect(paper.entry.attachments.map(\.name) == ["ban-quet-1.pdf"])
        #expect(paper.entry.attachments.first?.blob.mediaType == "application/pdf")

        // Found by words only the scan has ("sạt lở", "Nà Khoang"), with and without diacritics.
        for q in ["s%E1%BA%A1t%20l%E1%BB%9F", "sat%20lo", "N%C3%A0%20Khoang", "na%20khoang"] {
            let found = try await http.get(base + "?q=\(q)").json(IncomingRegisterRoutes.Page.self)
            #expect(found.items.map(\.number) == [2], "q=\(q)")
        }

        // The registered copy: the scanner's JPEG byte for byte, the text layer and the ĐẾN stamp with the number.
        let copy = try await http.get(base + "/\(paper.entry.documentId)/document.pdf")
        #expect(copy.status == .ok)
        #expect(try await Self.images(copy.body) == [jpeg], "the page image is not the uploaded one")
        let copyText = try await PaperDocumentTests.pdftotext(copy.body)
        #expect(copyText.contains("ĐẾN") && copyText.contains("Số: 2"), "\(copyText)")
        #expect(SearchFolding.fold(copyText).contains("sat lo"), "\(copyText)")
        await h.cleanUp()
    }

    /// A scanner's lossless page (Flate, not JPEG): the copy's image has the same pixels (`pdfimages -png` of both).
    @Test func aLosslessScanKeepsItsPixels() async throws {
        try await MemoryTurns.take { try await self.aLosslessScanKeepsItsPixelsInTurn() }
    }

    func aLosslessScanKeepsItsPixelsInTurn() async throws {
        let png = try TextImage.png(["Ủy ban nhân dân xã Mường Giàng", "Giấy mời họp"], widthMM: 100, heightMM: 60, dpi: 200, marginMM: 8)
        let (pixels, w, h) = try Self.rgb24(png)
        let canvas = try PDFCanvas(width: 283.46, height: 170.08)
        try canvas.scan(rgb24: pixels, pixelWidth: w, pixelHeight: h, jpeg: nil, x: 0, y: 0, width: 283.46, height: 170.08)
        canvas.endPage()
        let upload = try canvas.finish()

        let h2 = try await NumberingHarness()
        let http = try HTTPHarness(h2)
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"
        let reply = try await http.post(base + "/paper", json: try JSONSerialization.data(withJSONObject: Self.paper(upload, number: "43")))
        #expect(reply.status == .created, "\(reply.text)")
        let paper = try reply.json(RegisterPaper.Result.self)
        let copy = try await http.get(base + "/\(paper.entry.documentId)/document.pdf")
        let (before, after) = (try await Self.images(upload, png: true), try await Self.images(copy.body, png: true))
        #expect(before.count == 1 && before == after, "the page's pixels changed")
        await h2.cleanUp()
    }

    @Test func pdfsThatAreNotScansAreRefusedWithTheReason() async throws {
        try await MemoryTurns.take { try await self.pdfsThatAreNotScansAreRefusedWithTheReasonInTurn() }
    }

    func pdfsThatAreNotScansAreRefusedWithTheReasonInTurn() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"
        let small = try Self.jpeg(try TextImage.png(["Trang"], widthMM: 40, heightMM: 20, dpi: 100, marginMM: 2))

        // Born-digital: text and lines, no image.
        let canvas = try PDFCanvas(width: 595, height: 842, textResolution: 72)
        canvas.text("Công văn soạn trên máy, không phải bản quét", font: "Liberation Serif 12", x: 72, y: 72, width: 400)
        canvas.endPage()
        let digital = try canvas.finish()

        // Encrypted with an empty user password (poppler opens it; it is still refused).
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("enc-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(try Self.scannerPDF(small, width: 157, height: 78)).write(to: dir.appendingPathComponent("in.pdf"))
        let qpdf = try ChildProcess("/usr/bin/qpdf", ["--encrypt", "", "chu-so-huu", "256", "--", dir.appendingPathComponent("in.pdf").path,
                                                      dir.appendingPathComponent("out.pdf").path])
        #expect(try await qpdf.waitForExit() == 0)
        let encrypted = [UInt8](try Data(contentsOf: dir.appendingPathComponent("out.pdf")))

        let cases: [(String, [UInt8], String, String)] = [
            ("born-digital", digital, "scan_not_scanned", "không phải bản quét"),
            ("encrypted", encrypted, "scan_encrypted", "mã hóa"),
            ("damaged", Array("%PDF-1.5\n1 0 obj << /Type /Catalog >> garbage".utf8), "scan_unreadable", "bị hỏng"),
            ("51 pages", try Self.scannerPDF(small, width: 157, height: 78, pages: 51), "scan_too_many_pages", "tối đa 50 trang"),
        ]
        for (name, pdf, code, vietnamese) in cases {
            let reply = try await http.post(base + "/paper", json: try JSONSerialization.data(withJSONObject: Self.paper(pdf)))
            #expect(reply.status == .unprocessableContent, "\(name): \(reply.text)")
            #expect(reply.text.contains("\"\(code)\"") && reply.text.contains(vietnamese), "\(name): \(reply.text)")
        }
        #expect(try await h.count() == 0)
        await h.cleanUp()
    }
}
