import Contracts
import Foundation

/// The author changes a draft — its metadata, a file added, replaced or removed — as a new version; none is
/// ever overwritten, so nothing a drafter or a leader saw is lost.
struct AddDraftVersion: Sendable {
    var draftId: UUID
    /// The audit log's action: `draft.revise`, `draft.upload`, `draft.remove-file`.
    var action: String
    var details: [String: String] = [:]
    /// The new version from the current one (its number, author and time are set here).
    var change: @Sendable (DraftVersion) throws -> DraftVersion

    func run(_ context: CommandContext, drafts: some Drafts) async throws -> Outcome<DraftVersion> {
        let acting = context.acting
        let draft = try await drafts.locked(draftId, acting)
        try DraftPolicy.requireAuthor(draft, acting, "sửa dự thảo", "revise the draft")
        try DraftPolicy.requireEditable(draft, "revise")
        let current = try await drafts.current(draft)
        var next = try change(current)
        next.version = current.version + 1
        next.author = acting.principal
        next.createdAt = context.now
        try await drafts.addVersion(next)
        var record = context.record()
        record.audit(action, subject: draftId.lowercased, details: details.merging(["version": "\(next.version)"]) { a, _ in a })
        return record.outcome(next)
    }

    /// The same checks before the work of a new version starts (an upload's bytes), without a lock; `run` checks
    /// again under lock.
    static func precheck(_ id: UUID, _ acting: Acting, reading: some DraftReading) async throws {
        guard let draft = try await reading.draft(id, agency: acting.agency, forUpdate: false) else {
            throw Refusal.notFound("not_found", "Không có dự thảo này trong cơ quan", "no such draft in this agency")
        }
        try DraftPolicy.requireAuthor(draft, acting, "sửa dự thảo", "revise the draft")
        try DraftPolicy.requireEditable(draft, "revise")
    }
}
