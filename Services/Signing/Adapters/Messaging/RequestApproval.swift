import AMQP
import Auth
import Contracts
import Foundation
import Messaging

/// Who may have a document signed: a `signing.requested` counts only with routing's approval (`SigningApproval`),
/// signed with routing's key and matching the request and its envelope field by field — the signer a leader (head or
/// deputy) of the envelope's agency, the PDF and appendices the approved ones. A request that fails this was forged
/// or edited on the way (published straight to the queue, a dead letter edited and replayed): it is refused for good.
struct RequestApproval: Sendable {
    /// Routing's public key (`QLVB_AUTH_PUBLIC_KEY`); nil: nothing can be verified, every request is refused.
    let verifier: ApprovalKey.Verifier?

    /// Why the request is refused; nil when an approval backs it.
    func problem(_ request: SigningRequested, agency: String) -> String? {
        guard let verifier else { return "approvals cannot be verified: QLVB_AUTH_PUBLIC_KEY is not configured" }
        guard let approval = request.approval else { return "no approval of the draft backs the request" }
        guard verifier.verify(approval.signedText, signature: approval.signature) else {
            return "the approval's signature is not routing's (forged or edited)"
        }
        return approval.mismatch(with: request, agency: agency)
    }
}

/// A refused request is dead-lettered (with the reason, never retried) and `signing.failed` (code `request-refused`)
/// tells routing, as any failure to sign does. The handler's transaction rolls back when it throws, so the failure is
/// published straight away (with confirms), not through the outbox — no state changes with it, and taking a second
/// connection from the pool inside a handler could starve it. Its id is derived from the request message's: a
/// redelivery publishes the same message again, which consumers' inboxes drop.
struct RefusalNotice: Sendable {
    let publisher: AMQPPublisher

    static let code = "request-refused"

    func announce(_ request: SigningRequested, reason: String, context: MessageContext) async throws {
        let failed = SigningFailed(
            requestId: request.requestId, documentId: request.documentId, code: Self.code,
            reason: "Yêu cầu ký bị từ chối: \(reason) — the signing request was refused: \(reason)")
        let envelope = try Envelope(
            failed, id: Self.noticeId(for: context.envelope.id), correlationId: context.envelope.correlationId,
            causationId: context.envelope.id, agency: context.envelope.agency)
        try await publisher.publish([try OutboundMessage(event: envelope)])
    }

    /// The request message's id with its first byte flipped: one notice per refused message.
    static func noticeId(for messageId: UUID) -> UUID {
        var bytes = messageId.uuid
        bytes.0 ^= 0xA5
        return UUID(uuid: bytes)
    }
}
