import Auth
import Contracts
import Foundation

/// A leader's decision on a submitted draft: return it to the author with what to change (trả lại), forward it
/// to the head (a deputy), or approve it (the head), which requests the head's signature (`signing.requested`)
/// on the main PDF with the appendices. The request carries routing's signed approval (`SigningApproval`), which the
/// signing service checks before it signs anything, and the type and recipients numbering's outgoing register needs.
struct DecideDraft: Sendable {
    var draftId: UUID
    var decision: DraftPolicy.Decision
    var text: String?
    /// Signs the approval (routing's token key); without it nothing can be approved for signing.
    var approvals: ApprovalKey.Signer?

    /// A return must say what to change; the other decisions may say nothing.
    func reason() throws -> String {
        decision == .return
            ? try TextInput.required(text, field: "text", max: 10_000)
            : text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// - Parameter staff: where the head's full name is read for the outgoing register's "người ký" (none in unit tests).
    func run(_ context: CommandContext, drafts: some Drafts, staff: (any StaffDirectory)? = nil) async throws -> Outcome<DraftDetail> {
        let text = try reason()
        let acting = context.acting
        var draft = try await drafts.locked(draftId, acting)
        try DraftPolicy.mayDecide(decision, draft, acting)
        var record = context.record()
        var signingRequestId: UUID?
        if decision == .approve {
            guard let version = try await drafts.version(draftId, draft.currentVersion), let main = version.mainFile else {
                throw Refusal.unprocessable("main_missing", "Dự thảo chưa có văn bản chính (PDF)", "the draft has no main PDF")
            }
            guard let approvals else {
                throw Refusal(
                    .unavailable, code: "approval_key_missing", vietnamese: "Chưa cấu hình khóa ký phê duyệt, chưa duyệt ký được",
                    english: "the key that signs approvals (QLVB_ROUTING_TOKEN_PRIVATE_KEY_FILE) is not configured")
            }
            let requestId = UUID()
            let appendices = version.files.filter { $0.kind == .appendix }.map { AttachmentRef(name: $0.name, blob: $0.blob) }
            var approval = SigningApproval(
                requestId: requestId, draftId: draftId, version: draft.currentVersion, agency: acting.agency, kind: .leader,
                signer: acting.principal, signerRoles: acting.roles.map(\.rawValue), documentSha256: main.blob.sha256,
                appendixSha256: appendices.map(\.blob.sha256), reason: version.subject, approvedAt: context.now)
            approval.signature = try approvals.sign(approval.signedText)
            try record.emit(
                SigningRequested(
                    requestId: requestId, documentId: draftId, kind: .leader, signer: acting.principal, document: main.blob,
                    appendices: appendices, reason: version.subject, approval: approval, documentType: version.documentType,
                    recipients: version.recipients, signerName: try await staff?.colleague(acting.principal)?.fullName,
                    answers: draft.answers),
                correlationId: draftId)
            signingRequestId = requestId
            draft.signingRequestId = requestId
        }
        try await drafts.update(draftId, state: decision.state, leader: draft.leader, signingRequestId: signingRequestId, at: context.now)
        draft.state = decision.state
        _ = try await drafts.addComment(
            draftId, version: draft.currentVersion, author: acting.account, onBehalfOf: acting.onBehalfOf, kind: decision.commentKind,
            body: text, at: context.now)
        record.audit(decision.auditAction, subject: draftId.lowercased, details: ["version": "\(draft.currentVersion)", "text": text])
        return record.outcome(try await drafts.detail(draft))
    }
}
