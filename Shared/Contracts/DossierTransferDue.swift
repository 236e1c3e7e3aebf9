import Foundation

/// A closed dossier's nộp lưu to the agency archive falls due soon (Decree 30 Phụ lục VI IV.1.g: the system warns 30
/// days before the one-year limit); published once per dossier, for its keeper to be told.
public struct DossierTransferDue: Event {
    public static let type = "dossier.transfer_due"
    public static let version = 1

    public var dossierId: UUID
    /// Số và ký hiệu hồ sơ.
    public var code: String
    public var title: String
    /// The account responsible for the dossier (người lập hồ sơ), who submits it.
    public var responsible: String
    public var closedAt: Date
    /// The legal limit: one year after closing.
    public var transferDue: Date

    public init(dossierId: UUID, code: String, title: String, responsible: String, closedAt: Date, transferDue: Date) {
        self.dossierId = dossierId
        self.code = code
        self.title = title
        self.responsible = responsible
        self.closedAt = closedAt
        self.transferDue = transferDue
    }
}
