import Foundation

/// Who signs: the leader in person, or the agency's seal (chữ ký số của cơ quan).
public enum SignatureKind: String, Codable, Sendable, Hashable {
    case leader
    case agency
}

/// A request to sign a PDF; the head's approval of a draft ends in one of these.
public struct SigningRequested: Event {
    public static let type = "signing.requested"
    public static let version = 1

    public var requestId: UUID
    public var documentId: UUID
    public var kind: SignatureKind
    /// Account of the signer (`vietnd.ubnd`) or the agency code for a seal.
    public var signer: String
    public var document: BlobRef
    /// Phụ lục: separate files signed by the agency at the top right of their first page.
    public var appendices: [AttachmentRef]
    public var reason: String?

    public init(
        requestId: UUID, documentId: UUID, kind: SignatureKind, signer: String, document: BlobRef,
        appendices: [AttachmentRef], reason: String?
    ) {
        self.requestId = requestId
        self.documentId = documentId
        self.kind = kind
        self.signer = signer
        self.document = document
        self.appendices = appendices
        self.reason = reason
    }
}

/// The leader's signature is in the PDF.
public struct DocumentSigned: Event {
    public static let type = "document.signed"
    public static let version = 1

    public var requestId: UUID
    public var documentId: UUID
    public var signer: String
    public var signed: BlobRef
    public var signedAt: Date

    public init(requestId: UUID, documentId: UUID, signer: String, signed: BlobRef, signedAt: Date) {
        self.requestId = requestId
        self.documentId = documentId
        self.signer = signer
        self.signed = signed
        self.signedAt = signedAt
    }
}

/// The agency's signature (seal) is on the numbered document and its appendices: ready to dispatch.
public struct DocumentSealed: Event {
    public static let type = "document.sealed"
    public static let version = 1

    public var requestId: UUID
    public var documentId: UUID
    public var sealed: BlobRef
    public var appendices: [AttachmentRef]
    public var sealedAt: Date

    public init(requestId: UUID, documentId: UUID, sealed: BlobRef, appendices: [AttachmentRef], sealedAt: Date) {
        self.requestId = requestId
        self.documentId = documentId
        self.sealed = sealed
        self.appendices = appendices
        self.sealedAt = sealedAt
    }
}

/// A signature could not be made; `reason` is written for the clerk.
public struct SigningFailed: Event {
    public static let type = "signing.failed"
    public static let version = 1

    public var requestId: UUID
    public var documentId: UUID
    /// Machine-readable cause, e.g. `encrypted-pdf`, `key-not-found`.
    public var code: String
    public var reason: String

    public init(requestId: UUID, documentId: UUID, code: String, reason: String) {
        self.requestId = requestId
        self.documentId = documentId
        self.code = code
        self.reason = reason
    }
}
