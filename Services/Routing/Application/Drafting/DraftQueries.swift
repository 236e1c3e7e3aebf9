import Contracts
import Foundation

/// What the author, the colleagues asked for comments and the leaders may read of drafts.
enum DraftQueries {
    /// The caller's drafts, those they were asked to comment on, and those waiting for their decision.
    static func list(_ acting: Acting, limit: Int, offset: Int, reading: some DraftReading) async throws -> [Draft] {
        try await reading.drafts(of: acting.principal, isHead: acting.isHead, agency: acting.agency, limit: limit, offset: offset)
    }

    /// The draft as it stands, for those involved.
    static func detail(_ id: UUID, _ acting: Acting, reading: some DraftReading) async throws -> DraftDetail {
        try await reading.detail(try await visible(id, acting, reading: reading))
    }

    /// Every version, oldest first: nothing a drafter or a leader saw is lost.
    static func versions(_ id: UUID, _ acting: Acting, reading: some DraftReading) async throws -> [DraftVersion] {
        _ = try await visible(id, acting, reading: reading)
        return try await reading.versions(id)
    }

    /// The draft when the caller takes part in it (see `DraftPolicy.mayRead`).
    static func visible(_ id: UUID, _ acting: Acting, reading: some DraftReading) async throws -> Draft {
        guard let draft = try await reading.draft(id, agency: acting.agency, forUpdate: false) else {
            throw Refusal.notFound("not_found", "Không có dự thảo này trong cơ quan", "no such draft in this agency")
        }
        try DraftPolicy.mayRead(draft, acting, reviewers: try await reading.reviewers(id))
        return draft
    }
}
