import Auth
import Contracts
import Foundation

/// The keeper files a document into their open dossier by hand (a reference: the same document may sit in several
/// dossiers). They must have taken part in its work (assigned, drafted, signed) or be the clerk or a leader.
struct FileDocument: Sendable {
    var dossierId: UUID
    var documentId: UUID

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> DossierEntry {
        let now = ctx.now()
        return try await ctx.work.run { tx, _ in
            let dossier = try await ctx.locked(dossierId, agency: identity.agency, in: tx)
            try DossierPolicy.mayManage(dossier, identity)
            try DossierPolicy.mayChangeDocuments(dossier)
            guard let document = try await ctx.catalog.document(documentId, agency: identity.agency, executor: tx) else {
                throw ArchiveRefusals.noDocument
            }
            let privileged = !identity.roles.isDisjoint(with: [.clerk, .head, .deputy, .archivist])
            let tookPart = try await ctx.catalog.isReader(identity.account, of: documentId, executor: tx)
            // Need to know: someone who had no part in it is not told it exists.
            guard privileged || document.owner == identity.account || tookPart else { throw ArchiveRefusals.noDocument }
            guard try await ctx.dossiers.file(documentId, into: dossierId, by: identity.account, how: "manual", at: now, in: tx) else {
                throw Refusal.conflict("already_filed", "Văn bản đã có trong hồ sơ này", "the document is already in this dossier")
            }
            try await ctx.dossiers.log(dossierId, "file", actor: identity.account, at: now, details: ["document": documentId.uuidString.lowercased()], in: tx)
            guard let entry = try await ctx.dossiers.entries(of: dossierId, executor: tx).first(where: { $0.document.documentId == documentId })
            else { throw ArchiveRefusals.noDocument }
            return entry
        }
    }
}

/// The keeper takes a document out of their open dossier (it stays in any other dossier).
struct RemoveDocument: Sendable {
    var dossierId: UUID
    var documentId: UUID

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws {
        let now = ctx.now()
        try await ctx.work.run { tx, _ in
            let dossier = try await ctx.locked(dossierId, agency: identity.agency, in: tx)
            try DossierPolicy.mayManage(dossier, identity)
            try DossierPolicy.mayChangeDocuments(dossier)
            guard try await ctx.dossiers.remove(documentId, from: dossierId, in: tx) else { throw ArchiveRefusals.noDocument }
            try await ctx.dossiers.log(dossierId, "remove", actor: identity.account, at: now, details: ["document": documentId.uuidString.lowercased()], in: tx)
        }
    }
}
