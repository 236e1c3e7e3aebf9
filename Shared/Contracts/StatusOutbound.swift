import Foundation

/// A status packet this installation must send back to the sender of a document.
public struct StatusOutbound: Event {
    public static let type = "status.outbound"
    public static let version = 1

    /// The sender's DocumentId of the document the status is about.
    public var edxmlDocumentId: String
    /// Số/ký hiệu of that document, as in ResponseFor/Code.
    public var documentCode: String
    public var promulgationDate: Date?
    public var to: Organization
    public var from: Organization
    public var status: StatusCode
    public var description: String
    public var staff: String?
    public var at: Date

    public init(
        edxmlDocumentId: String, documentCode: String, promulgationDate: Date?, to: Organization, from: Organization,
        status: StatusCode, description: String, staff: String?, at: Date
    ) {
        self.edxmlDocumentId = edxmlDocumentId
        self.documentCode = documentCode
        self.promulgationDate = promulgationDate
        self.to = to
        self.from = from
        self.status = status
        self.description = description
        self.staff = staff
        self.at = at
    }
}
