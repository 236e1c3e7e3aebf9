import Foundation

/// One line of the agency's file list (danh mục hồ sơ, Decree 30 art. 28): a dossier planned for the year under a
/// heading (đề mục: `I. Tổ chức, cán bộ`), its số và ký hiệu (`01.TCCB`), title, retention and the person who keeps
/// it (người lập hồ sơ).
struct FileListItem: Codable, Sendable, Equatable {
    var id: UUID
    var agency: String
    var year: Int
    /// Đề mục: the big heading the line sits under (by unit or field), e.g. `I. Tổ chức, cán bộ`.
    var heading: String
    /// Số và ký hiệu hồ sơ: ordinal and the heading's abbreviation, `01.TCCB`.
    var code: String
    var title: String
    /// Nil: permanent.
    var retentionYears: Int?
    /// Người lập hồ sơ (account).
    var responsible: String?
    var note: String?
    var createdBy: String
    var createdAt: Date

    var retention: Retention { Retention(years: retentionYears) }
}

/// The file list of one agency and year with its approval (thủ trưởng duyệt, ban hành đầu năm).
struct FileList: Codable, Sendable, Equatable {
    var agency: String
    var year: Int
    var approvedBy: String?
    var approvedAt: Date?
    var items: [FileListItem]
    /// Footer of Phụ lục V: how many lines are permanent and how many fixed-term.
    var permanentCount: Int
    var fixedTermCount: Int

    init(agency: String, year: Int, approvedBy: String?, approvedAt: Date?, items: [FileListItem]) {
        self.agency = agency
        self.year = year
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.items = items
        permanentCount = items.filter { $0.retentionYears == nil }.count
        fixedTermCount = items.count - permanentCount
    }
}

/// What a file list line and a dossier code may look like: `01.TCCB`, `05.VP-HC` (digits, a dot, letters).
enum DossierCode {
    static func isValid(_ code: String) -> Bool {
        guard (1...40).contains(code.count), let first = code.first, first.isNumber else { return false }
        return code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }
}
