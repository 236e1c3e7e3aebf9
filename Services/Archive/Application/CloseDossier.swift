import Auth
import Contracts
import Foundation

/// The keeper closes the dossier when the work ends (kết thúc hồ sơ, Sơn La regulation art. 13.5): drafts (outgoing
/// documents never issued) and duplicates (the same content filed twice) are taken out, the retention is reviewed —
/// a value other than the file list's needs a reason — the title and code may be corrected, and the dossier is
/// frozen. Emits `dossier.closed`; nộp lưu falls due one year later.
struct CloseDossier: Sendable {
    var dossierId: UUID
    var retention: Retention?
    var retentionReason: String?
    var title: String?
    var code: String?

    struct Result: Codable, Sendable {
        var dossier: Dossier
        /// What closing took out, with why (`draft`, `duplicate`).
        var removed: [Removed]
    }

    struct Removed: Codable, Sendable {
        var documentId: UUID
        var reason: String
    }

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> Result {
        let now = ctx.now()
        return try await ctx.work.run { tx, events in
            var d = try await ctx.locked(dossierId, agency: identity.agency, in: tx)
            try DossierPolicy.mayManage(d, identity)
            try DossierPolicy.mayClose(d)
            var removed: [Removed] = []
            var seen: Set<String> = []
            for entry in try await ctx.dossiers.entries(of: d.id, executor: tx) {
                let doc = entry.document
                var reason: String?
                if doc.direction == .outgoing && !doc.issued {
                    reason = "draft"
                } else if let sha = doc.main?.sha256 {
                    if seen.contains(sha) { reason = "duplicate" } else { seen.insert(sha) }
                }
                guard let reason else { continue }
                _ = try await ctx.dossiers.remove(doc.documentId, from: d.id, in: tx)
                try await ctx.dossiers.log(
                    d.id, "remove", actor: identity.account, at: now, details: ["document": doc.documentId.uuidString.lowercased(), "reason": reason],
                    in: tx)
                removed.append(Removed(documentId: doc.documentId, reason: reason))
            }
            d.documentCount -= removed.count
            if let retention {
                let listed = try await d.itemId.asyncMap { try await ctx.fileList.item($0, agency: d.agency, executor: tx)?.retention } ?? nil
                d.retentionReason = try DossierPolicy.retentionReason(retention, listed: listed ?? d.retention, reason: retentionReason) ?? d.retentionReason
                d.retentionYears = retention.years
            }
            if let title = title?.nilIfEmpty { d.title = String(title.prefix(500)) }
            if let code = code?.nilIfEmpty {
                guard DossierCode.isValid(code) else {
                    throw Refusal.badRequest("code_invalid", "Số và ký hiệu hồ sơ không hợp lệ", "the dossier code is not valid")
                }
                d.code = code
            }
            d.state = .closed
            d.autoFile = false  // a closed dossier takes no more work; reopening does not make it the default again
            d.closedAt = now
            d.closedBy = identity.account
            d.transferDue = TransferRules.due(closedAt: now, retention: d.retention)
            try await ctx.dossiers.update(d, in: tx)
            try await ctx.dossiers.log(
                d.id, "close", actor: identity.account, at: now,
                details: ["retention": d.retention.display, "documents": "\(d.documentCount)", "removed": "\(removed.count)"], in: tx)
            events.emit(try Envelope(
                DossierClosed(
                    dossierId: d.id, code: d.code, title: d.title, documentCount: d.documentCount, retentionYears: d.retentionYears,
                    closedAt: now),
                correlationId: d.id, agency: d.agency))
            return Result(dossier: d, removed: removed)
        }
    }
}

/// The keeper reopens a closed dossier (not yet submitted, or returned by the archive): logged with the reason.
struct ReopenDossier: Sendable {
    var dossierId: UUID
    var reason: String?

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> Dossier {
        let reason = try DossierPolicy.text(reason, field: "reason", max: 1000)
        let now = ctx.now()
        return try await ctx.work.run { tx, _ in
            var d = try await ctx.locked(dossierId, agency: identity.agency, in: tx)
            try DossierPolicy.mayManage(d, identity)
            try DossierPolicy.mayReopen(d)
            d.state = .open
            d.closedAt = nil
            d.closedBy = nil
            d.transferDue = nil
            try await ctx.dossiers.update(d, in: tx)
            try await ctx.dossiers.log(d.id, "reopen", actor: identity.account, at: now, details: ["reason": reason], in: tx)
            return d
        }
    }
}

/// The keeper changes the retention of an open or closed dossier; other than the file list's needs a reason.
struct ChangeRetention: Sendable {
    var dossierId: UUID
    var retention: Retention
    var reason: String?

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> Dossier {
        let now = ctx.now()
        return try await ctx.work.run { tx, _ in
            var d = try await ctx.locked(dossierId, agency: identity.agency, in: tx)
            try DossierPolicy.mayManage(d, identity)
            try DossierPolicy.mayChangeRetention(d)
            let listed = try await d.itemId.asyncMap { try await ctx.fileList.item($0, agency: d.agency, executor: tx)?.retention } ?? nil
            d.retentionReason = try DossierPolicy.retentionReason(retention, listed: listed ?? d.retention, reason: reason)
            let before = d.retention.display
            d.retentionYears = retention.years
            if let closedAt = d.closedAt { d.transferDue = TransferRules.due(closedAt: closedAt, retention: d.retention) }
            try await ctx.dossiers.update(d, in: tx)
            try await ctx.dossiers.log(
                d.id, "retention", actor: identity.account, at: now,
                details: ["from": before, "to": d.retention.display, "reason": d.retentionReason ?? ""], in: tx)
            return d
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let v): try await transform(v)
        case .none: nil
        }
    }
}
