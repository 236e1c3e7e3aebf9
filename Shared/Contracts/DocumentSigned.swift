import Foundation

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
