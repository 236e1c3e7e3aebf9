import Foundation

/// An incoming document (văn bản đến) accepted by intake from the axis, not yet registered.
public struct DocumentReceived: Event {
    public static let type = "document.received"
    public static let version = 1

    /// QLVB's id of the document, stable across every later event about it.
    public var documentId: UUID
    /// The sender's `DocumentId` from the edXML header, with the sender it identifies the packet.
    public var edxmlDocumentId: String
    public var sender: Organization
    /// Số và ký hiệu as written by the sender, e.g. `123/UBND-VP`.
    public var codeNumber: String
    public var codeNotation: String
    /// Ngày ban hành.
    public var promulgationDate: Date
    /// Loại văn bản (Công văn, Quyết định…).
    public var documentType: String
    /// Trích yếu nội dung.
    public var subject: String
    /// Mức độ khẩn: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc.
    public var priority: Int
    public var signerName: String?
    public var dueDate: Date?
    public var packet: BlobRef
    public var attachments: [AttachmentRef]
    public var receivedAt: Date
    /// Certificate subject of the packet's XML signature when intake verified it; nil when unsigned or unverified.
    /// With `signatureWarnings` it is the signature's validation data the archive keeps.
    public var signer: String?
    /// What intake let through about the signature (e.g. an SDK-style signature that does not verify).
    public var signatureWarnings: [String]?

    public init(
        documentId: UUID, edxmlDocumentId: String, sender: Organization, codeNumber: String, codeNotation: String,
        promulgationDate: Date, documentType: String, subject: String, priority: Int, signerName: String?,
        dueDate: Date?, packet: BlobRef, attachments: [AttachmentRef], receivedAt: Date, signer: String? = nil,
        signatureWarnings: [String]? = nil
    ) {
        self.documentId = documentId
        self.edxmlDocumentId = edxmlDocumentId
        self.sender = sender
        self.codeNumber = codeNumber
        self.codeNotation = codeNotation
        self.promulgationDate = promulgationDate
        self.documentType = documentType
        self.subject = subject
        self.priority = priority
        self.signerName = signerName
        self.dueDate = dueDate
        self.packet = packet
        self.attachments = attachments
        self.receivedAt = receivedAt
        self.signer = signer
        self.signatureWarnings = signatureWarnings
    }
}
