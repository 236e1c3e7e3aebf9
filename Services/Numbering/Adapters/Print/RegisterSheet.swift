/// What a printed register shows: whose register, which period, and its lines.
struct RegisterSheet: Sendable {
    var agencyName: String
    var agencyCode: String
    var fromDay: String?
    var toDay: String?
    var entries: [IncomingEntry]
    /// Years of lines not held in `entries` (a print that streams its lines notes them on its first pass).
    var years: Set<Int> = []

    /// The columns of the Decree 30/2020 form (Phụ lục IV), with their widths in points on landscape A4.
    static let columns: [(title: String, width: Double)] = [
        ("Số đến", 40), ("Ngày đến", 58), ("Tác giả", 112), ("Số, ký hiệu", 72), ("Ngày tháng", 58),
        ("Tên loại và trích yếu nội dung", 196), ("Đơn vị hoặc người nhận", 70), ("Ngày chuyển", 58), ("Ký nhận", 50),
        ("Ghi chú", 56),
    ]

    static let headers = columns.map(\.title)

    /// One line of the register as the cells of `columns`.
    static func cells(_ e: IncomingEntry) -> [String] {
        var note = [e.priorityName, e.note ?? ""].filter { !$0.isEmpty }
        if let due = e.dueDate { note.append("Hạn \(VietnamTime.display(due))") }
        return [
            String(e.number), VietnamTime.display(e.arrivedAt), e.sender.name, e.codeText, VietnamTime.display(e.promulgationDate),
            e.typeAndSubject, e.recipient ?? "", e.handedOverAt.map(VietnamTime.display) ?? "", e.receiptSignature ?? "",
            note.joined(separator: "\n"),
        ]
    }

    /// "Năm 2026", or "Từ ngày 01/01/2026 đến ngày 31/01/2026".
    var period: String {
        func show(_ day: String) -> String {
            let p = day.split(separator: "-")
            return p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : day
        }
        switch (fromDay, toDay) {
        case let (f?, t?) where f.prefix(4) == t.prefix(4) && f.hasSuffix("-01-01") && t.hasSuffix("-12-31"): return "Năm \(f.prefix(4))"
        case let (f?, t?): return "Từ ngày \(show(f)) đến ngày \(show(t))"
        case let (f?, nil): return "Từ ngày \(show(f))"
        case let (nil, t?): return "Đến ngày \(show(t))"
        case (nil, nil):
            let years = years.union(entries.map(\.year)).sorted()
            return years.count == 1 ? "Năm \(years[0])" : "Tất cả các năm"
        }
    }
}
