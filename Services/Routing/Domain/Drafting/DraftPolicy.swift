import Auth
import Contracts
import Foundation

/// Who may do what with a draft (dự thảo), and in which state: specialists and department heads draft, only the
/// author changes and submits it, the leader it was submitted to returns it or (a deputy) forwards it to the head,
/// and only the head — never a delegate — approves it for the head's signature.
enum DraftPolicy {
    /// A leader's decision on a submitted draft.
    enum Decision: String, Sendable, CaseIterable {
        /// Back to the author with what to change (trả lại).
        case `return`
        /// From the deputy in charge to the head (trình thủ trưởng).
        case forward
        /// The head approves for signing (duyệt ký).
        case approve
    }

    /// Specialists and department heads write drafts.
    static func mayCreate(_ acting: Acting) throws {
        guard !acting.roles.isDisjoint(with: [.specialist, .departmentHead]) else {
            throw Refusal.forbidden(
                "drafter_only", "Chỉ chuyên viên hoặc trưởng phòng soạn thảo văn bản đi", "only specialists and department heads draft")
        }
    }

    /// Only the author (or their delegate) changes, asks comments on or submits the draft.
    /// - Parameters: what the action is, in Vietnamese and in English ("trình dự thảo", "submit the draft").
    static func requireAuthor(_ draft: Draft, _ acting: Acting, _ vietnamese: String, _ english: String) throws {
        guard draft.author == acting.principal else {
            throw Refusal.forbidden("author_only", "Chỉ người soạn thảo được \(vietnamese)", "only the drafter may \(english)")
        }
    }

    /// A draft changes only while with its author: being drafted or returned.
    static func requireEditable(_ draft: Draft, _ action: String) throws {
        guard draft.state == .drafting || draft.state == .returned else {
            throw Refusal.illegal(
                action, state: draft.state.rawValue, vietnamese: "Dự thảo đang chờ lãnh đạo hoặc đã duyệt, không sửa được",
                english: "the draft is with a leader or approved and cannot change")
        }
    }

    /// The author, the colleagues asked for comments and the leaders see a draft.
    static func mayRead(_ draft: Draft, _ acting: Acting, reviewers: [String]) throws {
        guard isInvolved(draft, acting, reviewers: reviewers) else {
            throw Refusal.forbidden("not_involved", "Bạn không tham gia dự thảo này", "you take no part in this draft")
        }
    }

    /// The same people comment, until the draft is approved.
    static func mayComment(_ draft: Draft, _ acting: Acting, reviewers: [String]) throws {
        guard isInvolved(draft, acting, reviewers: reviewers) else {
            throw Refusal.forbidden("not_reviewer", "Bạn không được mời góp ý dự thảo này", "you were not asked to comment on this draft")
        }
        guard draft.state != .approved, draft.state != .issued else {
            throw Refusal.illegal("comment", state: draft.state.rawValue, vietnamese: "Dự thảo đã được duyệt", english: "the draft is approved")
        }
    }

    /// A leader's decision: the draft must wait for one; the leader it was submitted to holds it (the head once
    /// forwarded, and the head may approve a draft submitted to a deputy); only a deputy forwards; only the head
    /// approves, in person, since the approval requests the head's own signature.
    static func mayDecide(_ decision: Decision, _ draft: Draft, _ acting: Acting) throws {
        guard draft.state == .submitted || draft.state == .forwarded else {
            throw Refusal.illegal(
                decision.commentKind.rawValue, state: draft.state.rawValue, vietnamese: "Dự thảo không ở chỗ lãnh đạo chờ duyệt",
                english: "the draft is not waiting for a leader's decision")
        }
        let holds = (draft.state == .submitted && draft.leader == acting.principal) || (draft.state == .forwarded && acting.isHead)
        guard holds || (decision == .approve && acting.isHead && draft.state == .submitted) else {
            throw Refusal.forbidden("not_leader_in_charge", "Dự thảo không được trình cho bạn", "the draft was not submitted to you")
        }
        switch decision {
        case .return:
            break
        case .forward:
            guard draft.state == .submitted, !acting.isHead else {
                throw Refusal.illegal(
                    "forward", state: draft.state.rawValue, vietnamese: "Thủ trưởng duyệt trực tiếp, không chuyển tiếp",
                    english: "the head approves directly; only a deputy forwards to the head")
            }
        case .approve:
            guard acting.isHead else {
                throw Refusal.forbidden("head_only", "Chỉ thủ trưởng duyệt để ký", "only the head approves for signing")
            }
            // The request is for the head's own signature: a delegation lends assigning and supervising, not that.
            guard acting.onBehalfOf == nil else {
                throw Refusal.forbidden(
                    "delegate_cannot_approve", "Người được ủy quyền không duyệt ký thay thủ trưởng", "a delegate cannot approve for the head's signature")
            }
        }
    }

    private static func isInvolved(_ draft: Draft, _ acting: Acting, reviewers: [String]) -> Bool {
        draft.author == acting.principal || reviewers.contains(acting.principal) || acting.isLeader
    }
}

extension DraftPolicy.Decision {
    /// The state the draft goes to.
    var state: Draft.State {
        switch self {
        case .return: .returned
        case .forward: .forwarded
        case .approve: .approved
        }
    }

    /// How the decision shows among the draft's comments.
    var commentKind: DraftComment.Kind {
        switch self {
        case .return: .returned
        case .forward: .forwarded
        case .approve: .approved
        }
    }

    /// The audit log's action.
    var auditAction: String { "draft.\(rawValue)" }
}
