import Foundation

/// This agency takes back (thu hồi) an outgoing document it issued and dispatched (Decree 30 art. 18.4; domain.md
/// §1.4): dispatch sends a status packet 13 to every recipient of the document, whose answers (15 agreed, 16 refused)
/// come back as `status.received` and update the recipient's state. Not to be confused with `document.revoked`, a
/// sender taking back a document this agency received.
public struct DocumentRecalled: Event {
    public static let type = "document.recalled"
    public static let version = 1

    /// The outgoing document (the draft's id, as in `document.sealed` and `document.dispatched`).
    public var documentId: UUID
    /// Its số/ký hiệu, `05/UBND-KT`.
    public var documentCode: String
    public var reason: String
    /// The account that asked, and the name written in the packet's StaffInfo.
    public var requestedBy: String
    public var staffName: String?
    public var requestedAt: Date

    public init(documentId: UUID, documentCode: String, reason: String, requestedBy: String, staffName: String?, requestedAt: Date) {
        self.documentId = documentId
        self.documentCode = documentCode
        self.reason = reason
        self.requestedBy = requestedBy
        self.staffName = staffName
        self.requestedAt = requestedAt
    }
}
