import Contracts
import Foundation

/// A notice for one person (thông báo), shown in their in-app feed; one per (kind, subject, account), so a
/// redelivered event tells nobody twice.
struct Notice: Sendable, Equatable {
    var account: String
    var agency: String
    /// The event type it comes from, e.g. `dossier.transfer_due`.
    var kind: String
    /// What it is about (a dossier, a document).
    var subjectId: UUID
    var text: String
    var createdAt: Date

    /// `dossier.transfer_due`: the keeper is told the dossier must be submitted to the agency archive by its due day.
    static func transferDue(_ e: DossierTransferDue, agency: String, at: Date) -> Notice {
        Notice(
            account: e.responsible, agency: agency, kind: DossierTransferDue.type, subjectId: e.dossierId,
            text: "Hồ sơ \(e.code) \"\(e.title)\" phải nộp lưu vào lưu trữ cơ quan trước ngày \(day(e.transferDue)).",
            createdAt: at)
    }

    /// dd/MM/yyyy in Vietnam time, as the pages write dates.
    static func day(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "vi_VN")
        f.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        f.dateFormat = "dd/MM/yyyy"
        return f.string(from: date)
    }
}
