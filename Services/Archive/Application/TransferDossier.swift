import Auth
import Contracts
import Foundation

/// The keeper submits a closed dossier to the agency archive (nộp lưu, Sơn La regulation art. 14.2).
struct SubmitTransfer: Sendable {
    var dossierId: UUID

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> Dossier {
        let now = ctx.now()
        return try await ctx.work.run { tx, _ in
            var d = try await ctx.locked(dossierId, agency: identity.agency, in: tx)
            try DossierPolicy.mayManage(d, identity)
            try DossierPolicy.maySubmit(d)
            d.state = .submitted
            d.submittedAt = now
            d.submittedBy = identity.account
            try await ctx.dossiers.update(d, in: tx)
            try await ctx.dossiers.log(d.id, "submit", actor: identity.account, at: now, in: tx)
            return d
        }
    }
}

/// The archivist returns a submitted dossier with the reasons (trả lại): it is closed again, for its keeper to
/// reopen, complete and submit again.
struct ReturnTransfer: Sendable {
    var dossierId: UUID
    var reasons: [String]

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> Dossier {
        try DossierPolicy.archivist(identity)
        let reasons = try DossierPolicy.reasons(reasons)
        let now = ctx.now()
        return try await ctx.work.run { tx, _ in
            var d = try await ctx.locked(dossierId, agency: identity.agency, in: tx)
            try DossierPolicy.mayDecideTransfer(d)
            d.state = .closed
            d.returnedReasons = reasons
            d.returnedBy = identity.account
            d.returnedAt = now
            d.submittedAt = nil
            d.submittedBy = nil
            try await ctx.dossiers.update(d, in: tx)
            var details = ["count": "\(reasons.count)"]
            for (i, r) in reasons.enumerated() { details["reason\(i + 1)"] = r }
            try await ctx.dossiers.log(d.id, "return", actor: identity.account, at: now, details: details, in: tx)
            return d
        }
    }
}

/// The archivist accepts a submitted dossier (tiếp nhận, art. 14.3): it becomes a read-only record with its archive
/// reference (FileCode), and its package — the metadata of Phụ lục VI, every document's blob references and its
/// signatures' validation data, the dossier's history — is kept in the blob store. Emits `archive.accepted`.
struct AcceptTransfer: Sendable {
    var dossierId: UUID

    /// The accepted record as kept (JSON).
    struct Package: Codable, Sendable {
        var fileCode: String
        var organId: String
        var fileCatalog: Int
        var fileNotation: String
        var title: String
        /// Thời hạn bảo quản (Maintenance).
        var maintenance: String
        var creator: String
        var startDate: Date
        var endDate: Date?
        var docTotal: Int
        var documents: [DossierEntry]
        var history: [DossierLogEntry]
        var acceptedBy: String
        var acceptedAt: Date
    }

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> Dossier {
        try DossierPolicy.archivist(identity)
        let now = ctx.now()
        return try await ctx.work.run { tx, events in
            var d = try await ctx.locked(dossierId, agency: identity.agency, in: tx)
            try DossierPolicy.mayDecideTransfer(d)
            let entries = try await ctx.dossiers.entries(of: d.id, executor: tx)
            try await ctx.dossiers.log(d.id, "accept", actor: identity.account, at: now, details: ["reference": d.fileCode], in: tx)
            let package = Package(
                fileCode: d.fileCode, organId: d.agency, fileCatalog: d.year, fileNotation: d.code, title: d.title,
                maintenance: d.retention.display, creator: d.creator, startDate: d.startedAt, endDate: d.closedAt, docTotal: entries.count,
                documents: entries, history: try await ctx.dossiers.history(of: d.id, executor: tx), acceptedBy: identity.account,
                acceptedAt: now)
            let ref = try await ctx.blobs.put(Data(try JSONColumn.text(package).utf8), mediaType: "application/json")
            d.state = .archived
            d.archiveReference = d.fileCode
            d.acceptedBy = identity.account
            d.acceptedAt = now
            d.packageSha256 = ref.sha256
            d.autoFile = false
            try await ctx.dossiers.update(d, in: tx)
            events.emit(try Envelope(
                ArchiveAccepted(dossierId: d.id, archiveReference: d.fileCode, package: ref, acceptedAt: now), correlationId: d.id,
                agency: d.agency))
            return d
        }
    }
}
