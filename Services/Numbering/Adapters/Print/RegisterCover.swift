import Drawing

/// The cover of a printed register (bìa sổ), a page of its own before the table: the agency, the register's name,
/// the year or period, and its first and last entries (number and date), so the bound book says what it holds.
enum RegisterCover {
    static func draw(agencyName: String, title: String, period: String, first: String?, last: String?, canvas: PDFCanvas) {
        let (w, h, margin) = (RegisterPDF.pageWidth, RegisterPDF.pageHeight, RegisterPDF.margin)
        let inner = w - 2 * margin
        canvas.rectangle(x: margin, y: margin, width: inner, height: h - 2 * margin, lineWidth: 1.5)
        canvas.text(agencyName.uppercased(), font: "Liberation Serif Bold 16", x: margin, y: margin + 40, width: inner, align: .center)
        canvas.line(x1: w / 2 - 60, y1: margin + 66, x2: w / 2 + 60, y2: margin + 66, lineWidth: 0.6)
        canvas.text(title, font: "Liberation Serif Bold 26", x: margin, y: h / 2 - 70, width: inner, align: .center)
        canvas.text(period, font: "Liberation Serif Bold 18", x: margin, y: h / 2 - 20, width: inner, align: .center)
        let range: String
        switch (first, last) {
        case let (f?, l?): range = "Bắt đầu: \(f)\nKết thúc: \(l)"
        default: range = "Sổ chưa có văn bản"
        }
        canvas.text(range, font: "Liberation Serif 14", x: margin, y: h / 2 + 40, width: inner, align: .center)
        canvas.endPage()
    }
}
