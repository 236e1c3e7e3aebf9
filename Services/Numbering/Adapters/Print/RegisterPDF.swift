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

    static func render(_ sheet: RegisterSheet) throws -> [UInt8] {
        do {
            return try draw(sheet)
        } catch {
            throw PrintError(error.description)
        }
    }

    private static func draw(_ sheet: RegisterSheet) throws(DrawingError) -> [UInt8] {
        // 72 dpi: font sizes are points on the page, as the Decree 30 form gives them.
        let canvas = try PDFCanvas(width: pageWidth, height: pageHeight, textResolution: 72)
        let widths = RegisterSheet.columns.map(\.width)
        let rows = sheet.entries.map(RegisterSheet.cells)
        let headerHeight = rowHeight(RegisterSheet.headers, widths: widths, font: headFont, canvas: canvas)
        let heights = rows.map { rowHeight($0, widths: widths, font: bodyFont, canvas: canvas) }
        let pages = paginate(heights, headerHeight: headerHeight)

        for (index, page) in pages.enumerated() {
            var y = index == 0 ? titleBlock(sheet, canvas: canvas) : runningHead(sheet, canvas: canvas)
            drawRow(RegisterSheet.headers, y: y, height: headerHeight, widths: widths, font: headFont, align: .center, canvas: canvas)
            y += headerHeight
            for i in page {
                drawRow(rows[i], y: y, height: heights[i], widths: widths, font: bodyFont, align: .left, canvas: canvas)
                y += heights[i]
            }
            canvas.text(
                "Trang \(index + 1)/\(pages.count)", font: bodyFont, x: margin, y: pageHeight - margin + 8,
                width: pageWidth - 2 * margin, align: .center)
            canvas.endPage()
        }
        return try canvas.finish()
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
        canvas.text(IncomingRegister.title, font: "Liberation Serif Bold 18", x: margin, y: margin + 40, width: pageWidth - 2 * margin, align: .center)
        canvas.text(sheet.period, font: "Liberation Serif Italic 14", x: margin, y: margin + 64, width: pageWidth - 2 * margin, align: .center)
        return firstPageTop
    }

    private static func runningHead(_ sheet: RegisterSheet, canvas: PDFCanvas) -> Double {
        canvas.text(
            "\(IncomingRegister.title) — \(sheet.agencyName) — \(sheet.period)", font: "Liberation Serif Italic 10",
            x: margin, y: margin, width: pageWidth - 2 * margin, align: .right)
        return otherPageTop
    }

    private static func rowHeight(_ cells: [String], widths: [Double], font: String, canvas: PDFCanvas) -> Double {
        zip(cells, widths).map { canvas.measure($0, font: font, width: $1 - 2 * padding) }.max().map { $0 + 2 * padding } ?? 0
    }

    private static func drawRow(
        _ cells: [String], y: Double, height: Double, widths: [Double], font: String, align: PDFCanvas.Align, canvas: PDFCanvas
    ) {
        var x = margin
        for (i, (cell, w)) in zip(cells, widths).enumerated() {
            canvas.rectangle(x: x, y: y, width: w, height: height)
            // Số đến and the dates are centred, text columns start at the left.
            let cellAlign: PDFCanvas.Align = align == .center || [0, 1, 4, 7].contains(i) ? .center : .left
            canvas.text(cell, font: font, x: x + padding, y: y + padding, width: w - 2 * padding, align: cellAlign)
            x += w
        }
    }
}
