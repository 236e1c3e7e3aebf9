/// What the printed Sổ đăng ký văn bản đi shows: whose register, which series and year, and its lines.
struct OutgoingRegisterSheet: Sendable {
    var agencyName: String
    var agencyCode: String
    /// "Quyết định", "Công văn", … or every series.
    var seriesTitle: String
    var year: Int?
    var entries: [OutgoingEntry]
    /// Names of the recipients' organisations, for column (5).
    var names: AgencyDirectory

    /// The ten columns of Decree 30/2020 Phụ lục IV, with their widths in points on landscape A4.
    static let columns: [(title: String, width: Double)] = [
        ("Số, ký hiệu văn bản", 70), ("Ngày tháng văn bản", 58), ("Tên loại và trích yếu nội dung", 190), ("Người ký", 70),
        ("Nơi nhận văn bản", 110), ("Đơn vị, người nhận bản lưu", 62), ("Số lượng bản", 42), ("Ngày chuyển", 52), ("Ký nhận", 46),
        ("Ghi chú", 70),
    ]

    static let headers = columns.map(\.title)

    /// One line as the cells of `columns`. Electronic documents: the copies are one per recipient; the archive copy
    /// goes to the clerk (VT) and the drafting unit; (8) is the day dispatch sent it, (9) stays for a signature on
    /// paper; a withdrawn number says so.
    func cells(_ e: OutgoingEntry) -> [String] {
        let d = e.document, n = e.number
        let typeAndSubject = [d.documentType, d.subject].compactMap { $0 }.joined(separator: ": ")
        let keep = ["VT", n.unit].compactMap { $0 }.joined(separator: ", ")
        var note: [String] = []
        switch n.state {
        case .withdrawn: note.append("Đã thu hồi số: \(n.withdrawnReason ?? "")")
        case .numbered: note.append("Chưa ký số cơ quan")
        case .issued: break
        }
        if d.appendixCount > 0 { note.append("Kèm \(d.appendixCount) phụ lục") }
        return [
            n.codeText, VietnamTime.display(n.issuedAt), typeAndSubject, d.signerName ?? d.signer ?? "",
            d.recipients.map(names.name(of:)).joined(separator: "\n"), keep, n.state == .withdrawn ? "" : String(d.recipients.count),
            d.dispatchedAt.map(VietnamTime.display) ?? "", "", note.joined(separator: "\n"),
        ]
    }

    var period: String {
        let years = Set(entries.map(\.number.year)).sorted()
        if let year { return "\(seriesTitle) — Năm \(year)" }
        return years.count == 1 ? "\(seriesTitle) — Năm \(years[0])" : seriesTitle
    }
}

/// The outgoing register as CSV, as the incoming one (``RegisterCSV``).
enum OutgoingRegisterCSV {
    static func render(_ sheet: OutgoingRegisterSheet) -> String {
        var out = "\u{FEFF}"
        out += RegisterCSV.line(OutgoingRegisterSheet.headers)
        for e in sheet.entries { out += RegisterCSV.line(sheet.cells(e)) }
        return out
    }
}
