import Foundation

/// An approved draft numbered and sealed: issued (ban hành) by its agency and ready to send. Routing publishes it
/// when it marks the draft `issued` on `document.sealed`; dispatch builds one edXML packet per recipient from it
/// (QCVN 102 MessageHeader fields), so dispatch never reads routing's tables.
public struct DocumentIssued: Event {
    public static let type = "document.issued"
    public static let version = 1

    /// The draft (routing) = the document (numbering, signing).
    public var documentId: UUID
    /// The issuing agency (From).
    public var agency: Organization
    /// Nơi nhận (To): one packet each. `name` is the code when the recipient is not an agency known here.
    public var recipients: [Organization]
    /// Số and ký hiệu (`5`, `UBND-KT`; the reference is ``DocumentNumbered/codeText(number:notation:)``) and the date.
    public var number: Int
    public var notation: String
    public var issuedOn: Date
    /// Hình thức văn bản as drafted ("Công văn", "Quyết định"…).
    public var documentType: String
    /// Trích yếu.
    public var subject: String
    /// A short summary of the content (Content), when the draft has one.
    public var content: String?
    /// Who signed (SignerInfo).
    public var signer: Signer
    /// 0 not a directive, 1 directive, 2 report on a directive (SteeringType).
    public var steeringType: Int
    /// Hạn trả lời (DueDate), when the document asks for an answer.
    public var dueDate: Date?
    /// The incoming document this one answers (ResponseFor), when it is a văn bản trả lời.
    public var responseFor: ResponseFor?
    /// The earlier issued document this one updates (cập nhật, BussinessDocType 2) or replaces (thay thế, type 3);
    /// nil for a new document. Absent in messages from before it existed, which decode as new documents.
    public var changes: Change?
    /// The sealed main PDF and its sealed appendices.
    public var sealed: BlobRef
    public var appendices: [AttachmentRef]
    public var issuedAt: Date

    /// SignerInfo: `competence` is the quyền hạn line above the title ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), empty
    /// when the head signs in their own name.
    public struct Signer: Codable, Sendable, Hashable {
        public var account: String
        public var fullName: String
        public var position: String
        public var competence: String

        public init(account: String, fullName: String, position: String, competence: String) {
            self.account = account
            self.fullName = fullName
            self.position = position
            self.competence = competence
        }
    }

    /// The earlier document of this agency that the issued one updates or replaces: its id (dispatch looks up the
    /// edXML DocumentId and the recipients it was sent to), its số/ký hiệu and date (to name it when dispatch has no
    /// record of it), and why.
    public struct Change: Codable, Sendable, Hashable {
        public var kind: DocumentUpdated.Change
        public var original: UUID
        public var originalCode: String
        public var originalIssuedOn: Date
        public var reason: String?

        public init(kind: DocumentUpdated.Change, original: UUID, originalCode: String, originalIssuedOn: Date, reason: String? = nil) {
            self.kind = kind
            self.original = original
            self.originalCode = originalCode
            self.originalIssuedOn = originalIssuedOn
            self.reason = reason
        }
    }

    /// The document answered: its sender's edXML DocumentId, số/ký hiệu and date, and the sender.
    public struct ResponseFor: Codable, Sendable, Hashable {
        public var edxmlDocumentId: String
        public var code: String
        public var promulgationDate: Date?
        public var sender: Organization

        public init(edxmlDocumentId: String, code: String, promulgationDate: Date?, sender: Organization) {
            self.edxmlDocumentId = edxmlDocumentId
            self.code = code
            self.promulgationDate = promulgationDate
            self.sender = sender
        }
    }

    public init(
        documentId: UUID, agency: Organization, recipients: [Organization], number: Int, notation: String, issuedOn: Date,
        documentType: String, subject: String, content: String? = nil, signer: Signer, steeringType: Int = 0, dueDate: Date? = nil,
        responseFor: ResponseFor? = nil, changes: Change? = nil, sealed: BlobRef, appendices: [AttachmentRef], issuedAt: Date
    ) {
        self.documentId = documentId
        self.agency = agency
        self.recipients = recipients
        self.number = number
        self.notation = notation
        self.issuedOn = issuedOn
        self.documentType = documentType
        self.subject = subject
        self.content = content
        self.signer = signer
        self.steeringType = steeringType
        self.dueDate = dueDate
        self.responseFor = responseFor
        self.changes = changes
        self.sealed = sealed
        self.appendices = appendices
        self.issuedAt = issuedAt
    }

    public var codeText: String { DocumentNumbered.codeText(number: number, notation: notation) }
}
