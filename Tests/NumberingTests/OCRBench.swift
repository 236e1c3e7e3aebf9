import Drawing
import Foundation
import OCR
import TestSupport
import Testing

@testable import NumberingService

/// Benchmark (issue 17): OCR pages per second for a typical A4 page at 300 dpi (a full page of Vietnamese text),
/// as a ratio to the `tesseract` command alone on the same page in the same run: the overhead (or the saving) of our
/// pipeline. Measured: the engine alone (libtesseract, model loaded once), and the whole registered copy (decode,
/// OCR, PDF with the scan, its text layer and the ĐẾN stamp); the baselines are `tesseract page.png - -l vie` (text)
/// and `tesseract page.png out -l vie pdf` (its own searchable PDF, the same job as ours). Run with
/// `Benchmarks/ocr-bench` (QLVB_BENCH=1; QLVB_BENCH_PAGES pages per measure, 3 by default).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["QLVB_BENCH"] == "1"))
struct OCRBench {
    static let pages = Int(ProcessInfo.processInfo.environment["QLVB_BENCH_PAGES"] ?? "") ?? 3

    static let paragraph = """
        Thực hiện Kế hoạch số 125/KH-UBND ngày 15 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh Sơn La về việc triển khai \
        chuyển đổi số trong hoạt động của các cơ quan hành chính nhà nước, Ủy ban nhân dân huyện báo cáo kết quả thực hiện \
        như sau: các phòng, ban chuyên môn đã tiếp nhận, xử lý văn bản điện tử trên hệ thống quản lý văn bản và điều hành; \
        tỷ lệ văn bản đi được ký số đạt chín mươi tám phần trăm; hồ sơ công việc được lập và lưu trữ điện tử theo quy định.
        """

    /// A page of body text, as most letters are: the heading, then paragraphs down to the foot of the page.
    static func page() throws -> [UInt8] {
        try TextImage.png(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO kết quả chuyển đổi số năm 2026"] + Array(repeating: paragraph, count: 6))
    }

    func tesseract(_ args: [String]) async throws {
        let child = try ChildProcess("/usr/bin/tesseract", args)
        #expect(try await child.waitForExit() == 0)
    }

    @Test func ocrPagesPerSecondAgainstTheTesseractCommand() async throws {
        let png = try Self.page()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocr-bench-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("page.png")
        try Data(png).write(to: file)

        let engine = try OCREngine(language: "vie")
        let reader = ScanReader()
        _ = try await reader.read([png])  // the model loaded once, as in the running service
        let words = try engine.recognize(try ScanImage(png)).words.count

        // Round-robin, a page of each in turn: on a shared machine the load drifts, and every measure sees the same drift.
        var seconds = [Double](repeating: 0, count: 4)
        func timed(_ i: Int, _ body: () async throws -> Void) async throws {
            let start = Date()
            try await body()
            seconds[i] += Date().timeIntervalSince(start)
        }
        for _ in 0..<Self.pages {
            try await timed(0) { try await tesseract([file.path, "-", "-l", "vie", "--dpi", "300", "quiet"]) }
            try await timed(1) {
                try await tesseract([file.path, dir.appendingPathComponent("out").path, "-l", "vie", "--dpi", "300", "quiet", "pdf"])
            }
            try await timed(2) { _ = try engine.recognize(try ScanImage(png)) }
            try await timed(3) {
                let pages = try await reader.read([png])
                _ = try RegisteredCopy.render(pages, stamp: ArrivalStamp(agencyName: "UBND tỉnh Sơn La", number: 1, day: "06/12/2026"))
            }
        }
        let (cliText, cliPDF, library, pipeline) = (
            Double(Self.pages) / seconds[0], Double(Self.pages) / seconds[1], Double(Self.pages) / seconds[2], Double(Self.pages) / seconds[3]
        )
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        print("""
            OCR, A4 300 dpi (\(png.count / 1024) KB PNG, \(words) words), \(Self.pages) pages each:
              tesseract command, text: \(f(cliText)) pages/s; searchable PDF: \(f(cliPDF)) pages/s
              libtesseract engine: \(f(library)) pages/s = \(f(library / cliText))× the text command
              registered copy (decode + OCR + PDF with text layer and stamp): \(f(pipeline)) pages/s = \
            \(f(pipeline / cliPDF))× the PDF command, \(f(pipeline / cliText))× the text command
            """)
        #expect(words > 200)
    }
}
