import Foundation
import Drawing

/// Draws the incoming register like the Decree 30/2020 form (Phụ lục IV): landscape A4, the agency and the
/// title on the first page, the table's header row repeated on every page, "Trang n/N" at the foot.
enum RegisterPDF {
    static let pageWidth = 841.89
    static let pageHeight = 595.28
    static let margin = 36.0
    static let bodyFont = "Liberation Serif 10"
    static let headFont = "Liberation Serif Bold 10"
    static let padding = 3.0

    /// The PDF of `sheet`'s lines, in memory (a short register).
    static func render(_ sheet: RegisterSheet) async throws -> [UInt8] {
        do {
            let canvas = try PDFCanvas(width: pageWidth, height: pageHeight, textResolution: 72)
            var drawn = sheet
            try await draw(&drawn, canvas: canvas) { body in try await body(sheet.entries) }
            return try canvas.finish()
        } catch let error as DrawingError {
            throw PrintError(error.description)
        }
    }

    /// The register's lines as a print reads them: in register order, a batch at a time, once per call.
    typealias Lines = (_ body: ([IncomingEntry]) async throws -> Void) async throws -> Void

    /// Draws the register whose lines `lines` walks into `file`, holding one batch of lines and the rows' heights
    /// (8 bytes a line), never the whole register: a first walk measures the rows (the page count "Trang n/N" is
    /// needed on the first page), a second draws them, Cairo writing each page to the file as it ends. The two
    /// walks must see the same lines (one read-only snapshot).
    static func render(_ head: RegisterSheet, lines: Lines, to file: URL) async throws {
        do {
            let canvas = try PDFCanvas(width: pageWidth, height: pageHeight, textResolution: 72, path: file.path)
            var sheet = head
            try await draw(&sheet, canvas: canvas, lines: lines)
            _ = try canvas.finish()
        } catch let error as DrawingError {
            throw PrintError(error.description)
        }
    }

    private static func draw(_ sheet: inout RegisterSheet, canvas: PDFCanvas, lines: Lines) async throws {
        // 72 dpi: font sizes are points on the page, as the Decree 30 form gives them.
        let shape = sheet
        let widths = shape.layout.map(\.width)
        let headerHeight = rowHeight(sheet.headers, widths: widths, font: headFont, canvas: canvas)
        var first: IncomingEntry?
        var last: IncomingEntry?
        var heights: [Double] = []
        var years = sheet.years
        try await lines { batch in
            for entry in batch {
                heights.append(rowHeight(shape.row(entry), widths: widths, font: bodyFont, canvas: canvas))
                if first == nil { first = entry }
                last = entry
                years.insert(entry.year)
            }
        }
        sheet.years = years
        let pages = paginate(heights, headerHeight: headerHeight)
        // The page each row starts on; a row the second walk sees beyond the first's count is left out.
        var pageOf = [Int](repeating: 0, count: heights.count)
        for (p, rows) in pages.enumerated() { for i in rows { pageOf[i] = p } }

        let head = sheet
        RegisterCover.draw(
            agencyName: head.agencyName, title: head.title, period: head.period,
            first: first.map { "số \($0.number) ngày \(VietnamTime.display($0.arrivedAt))" },
            last: last.map { "số \($0.number) ngày \(VietnamTime.display($0.arrivedAt))" }, canvas: canvas)
        var page = 0
        var y = startPage(0, of: pages.count, head, headerHeight: headerHeight, widths: widths, canvas: canvas)
        var index = 0
        try await lines { batch in
            for entry in batch where index < heights.count {
                if pageOf[index] != page {
                    endPage(page, of: pages.count, canvas: canvas)
                    page = pageOf[index]
                    y = startPage(page, of: pages.count, head, headerHeight: headerHeight, widths: widths, canvas: canvas)
                }
                drawRow(head.row(entry), y: y, height: heights[index], widths: widths, font: bodyFont, align: .left,
                        centered: head.centered, canvas: canvas)
                y += heights[index]
                index += 1
            }
        }
        while page < pages.count - 1 {  // pages the second walk did not reach (lines gone meanwhile)
            endPage(page, of: pages.count, canvas: canvas)
            page += 1
            _ = startPage(page, of: pages.count, head, headerHeight: headerHeight, widths: widths, canvas: canvas)
        }
        endPage(page, of: pages.count, canvas: canvas)
    }

    /// The title block (first page) or the running head, then the table's header row; returns where rows start.
    private static func startPage(
        _ index: Int, of count: Int, _ sheet: RegisterSheet, headerHeight: Double, widths: [Double], canvas: PDFCanvas
    ) -> Double {
        let y = index == 0 ? titleBlock(sheet, canvas: canvas) : runningHead(sheet, canvas: canvas)
        drawRow(sheet.headers, y: y, height: headerHeight, widths: widths, font: headFont, align: .center, centered: [], canvas: canvas)
        return y + headerHeight
    }

    private static func endPage(_ index: Int, of count: Int, canvas: PDFCanvas) {
        canvas.text(
            "Trang \(index + 1)/\(count)", font: bodyFont, x: margin, y: pageHeight - margin + 8,
            width: pageWidth - 2 * margin, align: .center)
        canvas.endPage()
    }

    static let firstPageTop = margin + 92
    static let otherPageTop = margin + 18
    static var bottom: Double { pageHeight - margin }

    /// Row indices per page; every page has at least the header row, a row taller than a page gets one alone.
    static func paginate(_ heights: [Double], headerHeight: Double) -> [[Int]] {
        var pages: [[Int]] = [[]]
        var y = firstPageTop + headerHeight
        for (i, h) in heights.enumerated() {
            if y + h > bottom, !pages[pages.count - 1].isEmpty {
                pages.append([])
                y = otherPageTop + headerHeight
            }
            pages[pages.count - 1].append(i)
            y += h
        }
        return pages
    }

    /// Agency name (top left, as on Decree 30 forms), the register's title and period. Returns where the table starts.
    private static func titleBlock(_ sheet: RegisterSheet, canvas: PDFCanvas) -> Double {
        canvas.text(sheet.agencyName.uppercased(), font: "Liberation Serif Bold 13", x: margin, y: margin, width: 300, align: .center)
        canvas.line(x1: margin + 110, y1: margin + 30, x2: margin + 190, y2: margin + 30, lineWidth: 0.5)
        canvas.text(sheet.title, font: "Liberation Serif Bold 18", x: margin, y: margin + 40, width: pageWidth - 2 * margin, align: .center)
        canvas.text(sheet.period, font: "Liberation Serif Italic 14", x: margin, y: margin + 64, width: pageWidth - 2 * margin, align: .center)
        return firstPageTop
    }

    private static func runningHead(_ sheet: RegisterSheet, canvas: PDFCanvas) -> Double {
        canvas.text(
            "\(sheet.title) — \(sheet.agencyName) — \(sheet.period)", font: "Liberation Serif Italic 10",
            x: margin, y: margin, width: pageWidth - 2 * margin, align: .right)
        return otherPageTop
    }

    private static func rowHeight(_ cells: [String], widths: [Double], font: String, canvas: PDFCanvas) -> Double {
        zip(cells, widths).map { canvas.measure($0, font: font, width: $1 - 2 * padding) }.max().map { $0 + 2 * padding } ?? 0
    }

    private static func drawRow(
        _ cells: [String], y: Double, height: Double, widths: [Double], font: String, align: PDFCanvas.Align, centered: Set<Int>,
        canvas: PDFCanvas
    ) {
        var x = margin
        for (i, (cell, w)) in zip(cells, widths).enumerated() {
            canvas.rectangle(x: x, y: y, width: w, height: height)
            // Số đến and the dates are centred (`centered`), text columns start at the left.
            let cellAlign: PDFCanvas.Align = align == .center || centered.contains(i) ? .center : .left
            canvas.text(cell, font: font, x: x + padding, y: y + padding, width: w - 2 * padding, align: cellAlign)
            x += w
        }
    }
}
