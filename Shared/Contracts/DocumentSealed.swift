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
    /// The số/ký hiệu and date written into the PDF when the seal answers `document.numbered` (văn bản đi issued):
    /// `number`/`notation` as in ``DocumentNumbered``. Absent for a seal requested without a number.
    public var number: Int?
    public var notation: String?
    public var issuedOn: Date?

    public init(
        requestId: UUID, documentId: UUID, sealed: BlobRef, appendices: [AttachmentRef], sealedAt: Date, number: Int? = nil,
        notation: String? = nil, issuedOn: Date? = nil
    ) {
        self.requestId = requestId
        self.documentId = documentId
        self.sealed = sealed
        self.appendices = appendices
        self.sealedAt = sealedAt
        self.number = number
        self.notation = notation
        self.issuedOn = issuedOn
    }
}
