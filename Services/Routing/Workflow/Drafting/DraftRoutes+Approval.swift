import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit
import Storage

/// The approval side of drafting: the author submits to the leader in charge (head or deputy), who returns it with
/// comments or — a deputy — forwards it to the head; the head approves, which requests the head's signature.
extension DraftRoutes {
    /// Author: drafting/returned → submitted to the leader in charge; needs the main PDF.
    @Sendable func submit(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let body = try await RequestInput.json(SubmitRequest.self, from: request)
        return try await env.perform(identity, request, context) { scope in
            var draft = try await locked(id, scope)
            try requireAuthor(draft, scope, "trình dự thảo", "submit the draft")
            try requireEditable(draft, "submit")
            guard let current = try await store.versions(id, only: draft.currentVersion, on: scope.tx).first, current.mainFile != nil else {
                throw WorkflowError.unprocessable(
                    "main_missing", "Dự thảo chưa có văn bản chính (PDF) nên chưa trình được", "the draft has no main PDF to submit")
            }
            guard let leader = try await Directory.user(body.leader, schema: scope.schema, on: scope.tx), leader.isActive,
                leader.agency == scope.acting.agency, !leader.roles.isDisjoint(with: [.head, .deputy])
            else {
                throw WorkflowError.unprocessable(
                    "leader_unknown", "\(body.leader) không phải lãnh đạo đang làm việc của cơ quan",
                    "\(body.leader) is not an active leader of this agency")
            }
            try await store.update(id, state: .submitted, leader: leader.account, at: scope.now, in: scope.tx)
            scope.audit("draft.submit", subject: id.lowercased, details: ["leader": leader.account, "version": "\(draft.currentVersion)"])
            draft.state = .submitted
            draft.leader = leader.account
            return try await detail(draft, on: scope.tx)
        }
    }

    /// The leader holding it (or the head, once forwarded) sends it back with comments.
    @Sendable func giveBack(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        try await decide(request, context, kind: .returned)
    }

    /// The leader in charge (a deputy) passes it to the head.
    @Sendable func forward(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        try await decide(request, context, kind: .forwarded)
    }

    /// The head approves: `signing.requested` for the head's signature on the main PDF, appendices with it.
    @Sendable func approve(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        try await decide(request, context, kind: .approved)
    }

    func decide(_ request: Request, _ context: QLVBRequestContext, kind: DraftComment.Kind) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let input = try await RequestInput.json(TextRequest.self, from: request)
        let text: String
        if kind == .returned {
            text = try RequestInput.text(input.text, field: "text", max: 10_000)  // a return says what to change
        } else {
            text = input.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
        return try await env.perform(identity, request, context) { scope in
            var draft = try await locked(id, scope)
            let acting = scope.acting
            let holds = (draft.state == .submitted && draft.leader == acting.principal) || (draft.state == .forwarded && acting.isHead)
            guard draft.state == .submitted || draft.state == .forwarded else {
                throw WorkflowError.illegal(
                    kind.rawValue, state: draft.state.rawValue, vietnamese: "Dự thảo không ở chỗ lãnh đạo chờ duyệt",
                    english: "the draft is not waiting for a leader's decision")
            }
            guard holds || (kind == .approved && acting.isHead && draft.state == .submitted) else {
                throw WorkflowError.forbidden(
                    "not_leader_in_charge", "Dự thảo không được trình cho bạn", "the draft was not submitted to you")
            }
            switch kind {
            case .returned:
                try await store.update(id, state: .returned, leader: draft.leader, at: scope.now, in: scope.tx)
                draft.state = .returned
            case .forwarded:
                guard draft.state == .submitted, !acting.isHead else {
                    throw WorkflowError.illegal(
                        "forward", state: draft.state.rawValue, vietnamese: "Thủ trưởng duyệt trực tiếp, không chuyển tiếp",
                        english: "the head approves directly; only a deputy forwards to the head")
                }
                try await store.update(id, state: .forwarded, leader: draft.leader, at: scope.now, in: scope.tx)
                draft.state = .forwarded
            case .approved:
                guard acting.isHead else {
                    throw WorkflowError.forbidden("head_only", "Chỉ thủ trưởng duyệt để ký", "only the head approves for signing")
                }
                // The request is for the head's own signature: a delegation lends assigning and supervising, not that.
                guard acting.onBehalfOf == nil else {
                    throw WorkflowError.forbidden(
                        "delegate_cannot_approve", "Người được ủy quyền không duyệt ký thay thủ trưởng",
                        "a delegate cannot approve for the head's signature")
                }
                guard let version = try await store.versions(id, only: draft.currentVersion, on: scope.tx).first, let main = version.mainFile
                else {
                    throw WorkflowError.unprocessable("main_missing", "Dự thảo chưa có văn bản chính (PDF)", "the draft has no main PDF")
                }
                let requestId = UUID()
                try scope.emit(
                    SigningRequested(
                        requestId: requestId, documentId: id, kind: .leader, signer: acting.principal, document: main.blob,
                        appendices: version.files.filter { $0.kind == .appendix }.map { AttachmentRef(name: $0.name, blob: $0.blob) },
                        reason: version.subject),
                    correlationId: id)
                try await store.update(id, state: .approved, leader: draft.leader, signingRequestId: requestId, at: scope.now, in: scope.tx)
                draft.state = .approved
                draft.signingRequestId = requestId
            case .comment:
                break
            }
            if kind != .comment {
                _ = try await store.addComment(
                    id, version: draft.currentVersion, author: acting.account, onBehalfOf: acting.onBehalfOf, kind: kind,
                    body: text, at: scope.now, in: scope.tx)
            }
            let action = switch kind {
            case .returned: "draft.return"
            case .forwarded: "draft.forward"
            case .approved, .comment: "draft.approve"
            }
            scope.audit(action, subject: id.lowercased, details: ["version": "\(draft.currentVersion)", "text": text])
            return try await detail(draft, on: scope.tx)
        }
    }
}
