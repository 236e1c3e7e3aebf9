import Auth
import Contracts
import Foundation

/// The archivist proposes a disposal list of archived dossiers whose retention has run out. Nothing is destroyed
/// until the list is approved twice (`ApproveDisposal`); nothing proposes one by itself.
struct ProposeDisposal: Sendable {
    var title: String?
    var dossierIds: [UUID]

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> DisposalList {
        try DossierPolicy.archivist(identity)
        let title = try DossierPolicy.text(title, field: "title", max: 500)
        guard !dossierIds.isEmpty, dossierIds.count <= 1000, Set(dossierIds).count == dossierIds.count else {
            throw Refusal.badRequest(
                "dossiers_required", "Danh mục hủy cần 1–1000 hồ sơ khác nhau", "a disposal list names 1–1000 different dossiers")
        }
        let now = ctx.now()
        return try await ctx.work.run { tx, _ in
            var items: [DisposalItem] = []
            for id in dossierIds {
                let d = try await ctx.locked(id, agency: identity.agency, in: tx)
                try DisposalPolicy.mayDispose(d, now: now)
                items.append(DisposalItem(
                    dossierId: d.id, fileCode: d.fileCode, code: d.code, title: d.title, retentionYears: d.retentionYears,
                    startedAt: d.startedAt, closedAt: d.closedAt, documentCount: d.documentCount, expiredAt: DisposalPolicy.expiry(of: d)))
            }
            let list = DisposalList(
                id: UUID(), agency: identity.agency, title: title, state: .proposed, proposedBy: identity.account, proposedAt: now,
                items: items)
            try await ctx.disposals.insert(list, in: tx)
            for item in items {
                try await ctx.dossiers.log(item.dossierId, "dispose.propose", actor: identity.account, at: now, details: ["list": list.id.uuidString.lowercased()], in: tx)
            }
            return list
        }
    }
}

/// One approval of a disposal list. The second, by another person (one of the two being the head), destroys the
/// dossiers: each becomes `disposed`, its documents are taken out (the references; blobs other records still use
/// stay), and the list keeps what they were.
struct ApproveDisposal: Sendable {
    var listId: UUID

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> DisposalList {
        let now = ctx.now()
        return try await ctx.work.run { tx, _ in
            guard var list = try await ctx.disposals.list(listId, agency: identity.agency, forUpdate: true, executor: tx) else {
                throw Refusal.notFound("no_such_list", "Không có danh mục hủy này", "no such disposal list")
            }
            try DisposalPolicy.mayApprove(list, identity)
            if list.state == .proposed {
                list.state = .approvedOnce
                list.firstApprover = identity.account
                list.firstApprovedAt = now
                list.firstApproverRoles = identity.roles.map(\.rawValue).sorted()
                try await ctx.disposals.update(list, in: tx)
                return list
            }
            list.state = .executed
            list.secondApprover = identity.account
            list.secondApprovedAt = now
            for (index, item) in list.items.enumerated() {
                var d = try await ctx.locked(item.dossierId, agency: identity.agency, in: tx)
                try DisposalPolicy.mayDispose(d, now: now)  // still archived and expired at the moment of destruction
                let entries = try await ctx.dossiers.entries(of: d.id, executor: tx)
                list.items[index].documents = entries.map {
                    DestroyedDocument(documentId: $0.document.documentId, code: $0.document.code, subject: $0.document.subject, documentDate: $0.document.documentDate)
                }
                for entry in entries {
                    _ = try await ctx.dossiers.remove(entry.document.documentId, from: d.id, in: tx)
                }
                d.state = .disposed
                try await ctx.dossiers.update(d, in: tx)
                try await ctx.dossiers.log(
                    d.id, "dispose", actor: identity.account, at: now,
                    details: ["list": list.id.uuidString.lowercased(), "first_approver": list.firstApprover ?? "", "documents": "\(item.documentCount)"],
                    in: tx)
            }
            try await ctx.disposals.update(list, in: tx)
            return list
        }
    }
}
