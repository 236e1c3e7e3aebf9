import Foundation

/// Routing's word that the head approved a draft for signing (duyệt ký), carried inside `signing.requested` and
/// signed by routing (Ed25519, the key that signs tokens, under its own label: see `ApprovalKey`), so the signing
/// service can tell a request that an approval backs from one that was forged or edited on the way — published
/// straight to its queue, or a dead letter edited and replayed. Signing checks every field against the request
/// and its envelope (docs/signing.md, "Who may have a document signed").
public struct SigningApproval: Codable, Sendable, Hashable {
    /// The `signing.requested` this approval is for: one approval, one request.
    public var requestId: UUID
    /// The approved draft (the request's `documentId`) and its version.
    public var draftId: UUID
    public var version: Int
    /// Mã định danh of the agency whose draft it is; must be the request envelope's agency.
    public var agency: String
    public var kind: SignatureKind
    /// The signer's account and roles when the draft was approved (a leader: head or deputy).
    public var signer: String
    public var signerRoles: [String]
    /// SHA-256 of the approved main PDF and of each appendix, in order.
    public var documentSha256: String
    public var appendixSha256: [String]
    public var reason: String?
    /// Whole seconds, so the signed text reads the same after a JSON round trip.
    public var approvedAt: Date
    /// Base64 Ed25519 signature over `signedText`.
    public var signature: String

    public init(
        requestId: UUID, draftId: UUID, version: Int, agency: String, kind: SignatureKind, signer: String, signerRoles: [String],
        documentSha256: String, appendixSha256: [String], reason: String?, approvedAt: Date, signature: String = ""
    ) {
        self.requestId = requestId
        self.draftId = draftId
        self.version = version
        self.agency = agency
        self.kind = kind
        self.signer = signer
        self.signerRoles = signerRoles.sorted()
        self.documentSha256 = documentSha256
        self.appendixSha256 = appendixSha256
        self.reason = reason
        self.approvedAt = Date(timeIntervalSince1970: approvedAt.timeIntervalSince1970.rounded(.down))
        self.signature = signature
    }

    /// The text that is signed: one `name=value` line per field, in a fixed order. Each value is JSON-quoted, so no
    /// value can reach into the next line and two different approvals never read the same.
    public var signedText: String {
        func q(_ s: String) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        let lines = [
            "requestId=" + q(requestId.uuidString.lowercased()),
            "draftId=" + q(draftId.uuidString.lowercased()),
            "version=\(version)",
            "agency=" + q(agency),
            "kind=" + q(kind.rawValue),
            "signer=" + q(signer),
            "signerRoles=" + signerRoles.map(q).joined(separator: ","),
            "documentSha256=" + q(documentSha256),
            "appendixSha256=" + appendixSha256.map(q).joined(separator: ","),
            "reason=" + (reason.map(q) ?? "-"),
            "approvedAt=" + ContractCoding.formatTimestamp(approvedAt),
        ]
        return lines.joined(separator: "\n")
    }

    /// Why `request` (in an envelope of `agency`) is not what this approval approved; nil when it is. The signature
    /// is checked apart (`ApprovalKey.verify`).
    public func mismatch(with request: SigningRequested, agency envelopeAgency: String) -> String? {
        if agency != envelopeAgency { return "the approval is for agency \(agency), the request's envelope for \(envelopeAgency)" }
        if requestId != request.requestId { return "the approval is for request \(requestId), not \(request.requestId)" }
        if draftId != request.documentId { return "the approval is for draft \(draftId), not \(request.documentId)" }
        if kind != request.kind { return "the approval is for a \(kind.rawValue) signature, not \(request.kind.rawValue)" }
        if signer != request.signer { return "the approval names signer \(signer), not \(request.signer)" }
        if documentSha256 != request.document.sha256 { return "the document is not the approved PDF" }
        if appendixSha256 != request.appendices.map(\.blob.sha256) { return "the appendices are not the approved ones" }
        if reason != request.reason { return "the reason is not the approved one" }
        switch kind {
        case .leader:
            if Set(signerRoles).isDisjoint(with: ["head", "deputy"]) { return "the signer \(signer) is not a leader (head or deputy) of \(agency)" }
        case .agency:
            if signer != agency { return "an agency seal must be the agency's own (\(agency)), not \(signer)" }
        }
        return nil
    }
}
