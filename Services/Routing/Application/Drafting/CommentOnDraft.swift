import Foundation

/// A colleague asked for comments, the author or a leader comments on the current version (góp ý).
struct CommentOnDraft: Sendable {
    var draftId: UUID
    var text: String

    func run(_ context: CommandContext, drafts: some Drafts) async throws -> Outcome<DraftComment> {
        let acting = context.acting
        let draft = try await drafts.locked(draftId, acting)
        try DraftPolicy.mayComment(draft, acting, reviewers: try await drafts.reviewers(draftId))
        let comment = try await drafts.addComment(
            draftId, version: draft.currentVersion, author: acting.account, onBehalfOf: acting.onBehalfOf, kind: .comment, body: text,
            at: context.now)
        var record = context.record()
        record.audit("draft.comment", subject: draftId.lowercased, details: ["version": "\(draft.currentVersion)"])
        return record.outcome(comment)
    }
}
