import Foundation

/// An electronic dossier (hồ sơ) was closed (kết thúc hồ sơ).
public struct DossierClosed: Event {
    public static let type = "dossier.closed"
    public static let version = 1

    public var dossierId: UUID
    /// Số và ký hiệu hồ sơ from the agency's file list (danh mục hồ sơ).
    public var code: String
    public var title: String
    public var documentCount: Int
    /// Thời hạn bảo quản in years; nil means permanent (vĩnh viễn).
    public var retentionYears: Int?
    public var closedAt: Date

    public init(dossierId: UUID, code: String, title: String, documentCount: Int, retentionYears: Int?, closedAt: Date) {
        self.dossierId = dossierId
        self.code = code
        self.title = title
        self.documentCount = documentCount
        self.retentionYears = retentionYears
        self.closedAt = closedAt
    }
}
