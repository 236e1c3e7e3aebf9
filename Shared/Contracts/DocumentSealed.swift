import Foundation

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
