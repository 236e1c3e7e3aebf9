import Contracts
import Foundation

/// The author asks colleagues of the same agency for comments (xin ý kiến).
struct RequestComments: Sendable {
    var draftId: UUID
    var accounts: [String]

    /// 1 to 50 colleagues, checked before anything is read.
    func validate() throws {
        guard !accounts.isEmpty, accounts.count <= 50 else {
            throw Refusal.badRequest("accounts_invalid", "Cần từ 1 đến 50 người góp ý", "name 1 to 50 colleagues")
        }
    }

    func run(_ context: CommandContext, drafts: some Drafts, staff: some StaffDirectory) async throws -> Outcome<DraftDetail> {
        try validate()
        let acting = context.acting
        let draft = try await drafts.locked(draftId, acting)
        try DraftPolicy.requireAuthor(draft, acting, "xin ý kiến", "ask for comments")
        try DraftPolicy.requireEditable(draft, "request comments")
        for account in accounts {
            guard let colleague = try await staff.colleague(account), colleague.isActiveMember(of: acting.agency) else {
                throw Refusal.unprocessable(
                    "colleague_unknown", "\(account) không phải cán bộ đang làm việc của cơ quan", "\(account) is not an active member of this agency")
            }
        }
        try await drafts.addReviewers(draftId, accounts, by: acting.principal, at: context.now)
        var record = context.record()
        record.audit("draft.request-comments", subject: draftId.lowercased, details: ["reviewers": accounts.joined(separator: ",")])
        return record.outcome(try await drafts.detail(draft))
    }
}
