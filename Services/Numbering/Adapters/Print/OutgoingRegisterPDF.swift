import Drawing

/// Draws the Sổ đăng ký văn bản đi like the Decree 30/2020 form (Phụ lục IV), on the incoming register's page
/// layout (``RegisterPDF``): landscape A4, title block on the first page, header row on every page, page numbers.
enum OutgoingRegisterPDF {
    static func render(_ sheet: OutgoingRegisterSheet) throws -> [UInt8] {
        do {
            return try draw(sheet)
        } catch {
            throw PrintError(error.description)
        }
    }

    private static func draw(_ sheet: OutgoingRegisterSheet) throws(DrawingError) -> [UInt8] {
        let (width, height, margin) = (RegisterPDF.pageWidth, RegisterPDF.pageHeight, RegisterPDF.margin)
        let canvas = try PDFCanvas(width: width, height: height, textResolution: 72)
        let widths = OutgoingRegisterSheet.columns.map(\.width)
        let rows = sheet.entries.map(sheet.cells)
        let headerHeight = rowHeight(OutgoingRegisterSheet.headers, widths: widths, font: RegisterPDF.headFont, canvas: canvas)
        let heights = rows.map { rowHeight($0, widths: widths, font: RegisterPDF.bodyFont, canvas: canvas) }
        let pages = RegisterPDF.paginate(heights, headerHeight: headerHeight)
        func end(_ e: OutgoingEntry?) -> String? { e.map { "số \($0.number.codeText) ngày \(VietnamTime.display($0.number.issuedAt))" } }
        RegisterCover.draw(
            agencyName: sheet.agencyName, title: OutgoingRegister.title, period: sheet.period, first: end(sheet.entries.first),
            last: end(sheet.entries.last), canvas: canvas)

        for (index, page) in pages.enumerated() {
            var y: Double
            if index == 0 {
                canvas.text(sheet.agencyName.uppercased(), font: "Liberation Serif Bold 13", x: margin, y: margin, width: 300, align: .center)
                canvas.line(x1: margin + 110, y1: margin + 30, x2: margin + 190, y2: margin + 30, lineWidth: 0.5)
                canvas.text(OutgoingRegister.title, font: "Liberation Serif Bold 18", x: margin, y: margin + 40, width: width - 2 * margin, align: .center)
                canvas.text(sheet.period, font: "Liberation Serif Italic 14", x: margin, y: margin + 64, width: width - 2 * margin, align: .center)
                y = RegisterPDF.firstPageTop
            } else {
                canvas.text(
                    "\(OutgoingRegister.title) — \(sheet.agencyName) — \(sheet.period)", font: "Liberation Serif Italic 10",
                    x: margin, y: margin, width: width - 2 * margin, align: .right)
                y = RegisterPDF.otherPageTop
            }
            drawRow(OutgoingRegisterSheet.headers, y: y, height: headerHeight, widths: widths, font: RegisterPDF.headFont, header: true, canvas: canvas)
            y += headerHeight
            for i in page {
                drawRow(rows[i], y: y, height: heights[i], widths: widths, font: RegisterPDF.bodyFont, header: false, canvas: canvas)
                y += heights[i]
            }
            canvas.text(
                "Trang \(index + 1)/\(pages.count)", font: RegisterPDF.bodyFont, x: margin, y: height - margin + 8,
                width: width - 2 * margin, align: .center)
            canvas.endPage()
        }
        return try canvas.finish()
    }

    private static func rowHeight(_ cells: [String], widths: [Double], font: String, canvas: PDFCanvas) -> Double {
        let padding = RegisterPDF.padding
        return zip(cells, widths).map { canvas.measure($0, font: font, width: $1 - 2 * padding) }.max().map { $0 + 2 * padding } ?? 0
    }

    private static func drawRow(
        _ cells: [String], y: Double, height: Double, widths: [Double], font: String, header: Bool, canvas: PDFCanvas
    ) {
        var x = RegisterPDF.margin
        let padding = RegisterPDF.padding
        for (i, (cell, w)) in zip(cells, widths).enumerated() {
            canvas.rectangle(x: x, y: y, width: w, height: height)
            // Số, ký hiệu, the dates and the count are centred, text columns start at the left.
            let align: PDFCanvas.Align = header || [0, 1, 6, 7].contains(i) ? .center : .left
            canvas.text(cell, font: font, x: x + padding, y: y + padding, width: w - 2 * padding, align: align)
            x += w
        }
    }
}
