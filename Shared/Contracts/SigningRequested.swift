import Foundation

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
    /// Routing's signed approval that backs this request; signing refuses a request without a valid one.
    public var approval: SigningApproval?
    /// What numbering needs for the outgoing register (Sổ đăng ký văn bản đi) when the leader's signature is for a
    /// draft routing approved: the type (tên loại, which picks the register series), the recipients (nơi nhận) and
    /// the signer's name. Absent on requests that are not an outgoing document's (the agency's seal, the CLI).
    public var documentType: String?
    public var recipients: [String]?
    public var signerName: String?
    /// The draft's author, for the archive's filing.
    public var author: String?
    /// The incoming document this one answers (a draft started as its answer): numbering writes the issued number in
    /// that document's line of the follow-up register (sổ theo dõi giải quyết văn bản đến); the archive files the two
    /// together.
    public var answers: UUID?

    public init(
        requestId: UUID, documentId: UUID, kind: SignatureKind, signer: String, document: BlobRef,
        appendices: [AttachmentRef], reason: String?, approval: SigningApproval? = nil, documentType: String? = nil,
        recipients: [String]? = nil, signerName: String? = nil, author: String? = nil, answers: UUID? = nil
    ) {
        self.requestId = requestId
        self.documentId = documentId
        self.kind = kind
        self.signer = signer
        self.document = document
        self.appendices = appendices
        self.reason = reason
        self.approval = approval
        self.documentType = documentType
        self.recipients = recipients
        self.signerName = signerName
        self.author = author
        self.answers = answers
    }
}
