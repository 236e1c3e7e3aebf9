import Foundation

/// What a printed register shows: whose register, which period, and its lines.
struct RegisterSheet: Sendable {
    var agencyName: String
    var agencyCode: String
    var fromDay: String?
    var toDay: String?
    var entries: [IncomingEntry]
    /// Years of lines not held in `entries` (a print that streams its lines notes them on its first pass).
    var years: Set<Int> = []
    /// The register printed from the lines: the Sổ đăng ký văn bản đến, or the Sổ theo dõi giải quyết văn bản đến.
    var kind: Kind = .incoming
    /// The moment the follow-up register's progress is told as of.
    var now = Date()

    enum Kind: Sendable { case incoming, followUp }

    static let followUpTitle = "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN"

    var title: String { kind == .incoming ? IncomingRegister.title : Self.followUpTitle }
    var layout: [(title: String, width: Double)] { kind == .incoming ? Self.columns : Self.followUpColumns }
    var headers: [String] { layout.map(\.title) }
    /// Columns printed centred: số đến and the dates.
    var centered: Set<Int> { kind == .incoming ? [0, 1, 4, 7] : [0, 3] }
    func row(_ e: IncomingEntry) -> [String] { kind == .incoming ? Self.cells(e) : Self.followUpCells(e, now: now) }

    /// The seven columns of the Sổ theo dõi giải quyết văn bản đến (Decree 30/2020 Phụ lục IV).
    static let followUpColumns: [(title: String, width: Double)] = [
        ("Số đến", 40), ("Tên loại, số, ký hiệu, ngày tháng văn bản, cơ quan ban hành", 230), ("Đơn vị hoặc người nhận", 90),
        ("Thời hạn giải quyết", 62), ("Tiến độ giải quyết", 140), ("Số, ký hiệu văn bản trả lời", 100), ("Ghi chú", 108),
    ]

    static func followUpCells(_ e: IncomingEntry, now: Date) -> [String] {
        let document = "\(e.documentType) số \(e.codeText) ngày \(VietnamTime.display(e.promulgationDate)) của \(e.sender.name)"
        return [
            String(e.number), document, e.recipient ?? "", (e.deadline ?? e.dueDate).map(VietnamTime.display) ?? "",
            e.progress(now: now), e.answerNumber ?? "", e.remarks,
        ]
    }

    /// The columns of the Decree 30/2020 form (Phụ lục IV), with their widths in points on landscape A4.
    static let columns: [(title: String, width: Double)] = [
        ("Số đến", 40), ("Ngày đến", 58), ("Tác giả", 112), ("Số, ký hiệu", 72), ("Ngày tháng", 58),
        ("Tên loại và trích yếu nội dung", 196), ("Đơn vị hoặc người nhận", 70), ("Ngày chuyển", 58), ("Ký nhận", 50),
        ("Ghi chú", 56),
    ]

    static let headers = columns.map(\.title)

    /// One line of the register as the cells of `columns`.
    static func cells(_ e: IncomingEntry) -> [String] {
        return [
            String(e.number), VietnamTime.display(e.arrivedAt), e.sender.name, e.codeText, VietnamTime.display(e.promulgationDate),
            e.typeAndSubject, e.recipient ?? "", e.handedOverAt.map(VietnamTime.display) ?? "", e.receiptSignature ?? "",
            e.remarks,
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
