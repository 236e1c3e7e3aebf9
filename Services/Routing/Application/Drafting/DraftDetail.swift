import Contracts
import Foundation

/// A draft with its current version, the colleagues asked for comments and every comment.
struct DraftDetail: Codable, Sendable {
    var draft: Draft
    var version: DraftVersion
    var reviewers: [String]
    var comments: [DraftComment]
}

extension DraftReading {
    /// The draft, locked for the command's transaction, when it belongs to the acting agency.
    func locked(_ id: UUID, _ acting: Acting) async throws -> Draft {
        guard let draft = try await draft(id, agency: acting.agency, forUpdate: true) else {
            throw Refusal.notFound("not_found", "Không có dự thảo này trong cơ quan", "no such draft in this agency")
        }
        return draft
    }

    func current(_ draft: Draft) async throws -> DraftVersion {
        guard let version = try await version(draft.id, draft.currentVersion) else {
            throw Refusal.notFound("not_found", "Không có phiên bản hiện tại", "the current version is missing")
        }
        return version
    }

    func detail(_ draft: Draft) async throws -> DraftDetail {
        DraftDetail(draft: draft, version: try await current(draft), reviewers: try await reviewers(draft.id), comments: try await comments(draft.id))
    }
}
