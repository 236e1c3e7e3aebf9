import Foundation

/// The receiving clerk's answer to a revocation (`document.revoked`): agreed (15, the document stays revoked and its
/// content withheld) or refused (16, the document goes back to where it was). Numbering writes it in the register's
/// note; the status packet itself travels as `status.outbound`.
public struct RevocationAnswered: Event {
    public static let type = "document.revocation_answered"
    public static let version = 1

    public var documentId: UUID
    public var edxmlDocumentId: String
    public var accepted: Bool
    /// The clerk's account.
    public var answeredBy: String
    public var note: String?
    public var at: Date

    public init(documentId: UUID, edxmlDocumentId: String, accepted: Bool, answeredBy: String, note: String?, at: Date) {
        self.documentId = documentId
        self.edxmlDocumentId = edxmlDocumentId
        self.accepted = accepted
        self.answeredBy = answeredBy
        self.note = note
        self.at = at
    }
}
