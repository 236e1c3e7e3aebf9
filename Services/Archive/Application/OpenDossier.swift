import Auth
import Contracts
import Foundation

/// The person handling the work opens a dossier (mở hồ sơ, Sơn La regulation art. 13.2–13.4): from a line of the file
/// list (its code, title and retention), or on its own with the title, code, retention, creator and start they give.
struct OpenDossier: Sendable {
    /// The file list line; when nil, `code`, `title` and the retention are required.
    var itemId: UUID?
    var year: Int?
    var code: String?
    var title: String?
    var retention: Retention?
    var retentionReason: String?
    var startedAt: Date?
    /// Make it the dossier the creator's unplaced work is filed into (hồ sơ mặc định).
    var autoFile: Bool

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> Dossier {
        let now = ctx.now()
        return try await ctx.work.run { tx, _ in
            var dossier: Dossier
            if let itemId {
                guard let item = try await ctx.fileList.item(itemId, agency: identity.agency, executor: tx) else {
                    throw Refusal.notFound("no_such_item", "Không có dòng này trong danh mục hồ sơ", "no such line in the file list")
                }
                let retention = self.retention ?? item.retention
                dossier = Dossier(
                    id: UUID(), agency: identity.agency, year: item.year, itemId: item.id, code: code?.nilIfEmpty ?? item.code,
                    title: title?.nilIfEmpty ?? item.title, retentionYears: retention.years,
                    retentionReason: try DossierPolicy.retentionReason(retention, listed: item.retention, reason: retentionReason),
                    creator: identity.account, startedAt: startedAt ?? now, state: .open, autoFile: autoFile, documentCount: 0)
            } else {
                guard let retention else {
                    throw Refusal.badRequest(
                        "retention_required", "Hồ sơ ngoài danh mục cần thời hạn bảo quản", "a dossier outside the file list needs a retention")
                }
                let code = try DossierPolicy.text(code, field: "code", max: 40)
                guard DossierCode.isValid(code) else {
                    throw Refusal.badRequest(
                        "code_invalid", "Số và ký hiệu hồ sơ có dạng số thứ tự và chữ viết tắt, ví dụ 01.TCCB",
                        "a dossier code is an ordinal and an abbreviation, e.g. 01.TCCB")
                }
                dossier = Dossier(
                    id: UUID(), agency: identity.agency, year: year ?? VietnamTime.year(of: startedAt ?? now), itemId: nil, code: code,
                    title: try DossierPolicy.text(title, field: "title", max: 500), retentionYears: retention.years,
                    retentionReason: retentionReason?.nilIfEmpty, creator: identity.account, startedAt: startedAt ?? now, state: .open,
                    autoFile: autoFile, documentCount: 0)
            }
            if autoFile { try await ctx.dossiers.clearAutoFile(owner: identity.account, agency: identity.agency, except: dossier.id, in: tx) }
            guard try await ctx.dossiers.insert(dossier, in: tx) else {
                throw Refusal.conflict(
                    "code_taken", "Năm \(dossier.year) đã có hồ sơ số \(dossier.code)", "\(dossier.year) already has a dossier \(dossier.code)")
            }
            var details = ["code": dossier.code, "title": dossier.title, "retention": dossier.retention.display]
            if let itemId { details["item"] = itemId.uuidString.lowercased() }
            try await ctx.dossiers.log(dossier.id, "open", actor: identity.account, at: now, details: details, in: tx)
            return dossier
        }
    }
}
