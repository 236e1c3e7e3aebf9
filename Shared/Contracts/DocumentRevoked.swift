import Foundation

/// The sender of an incoming document asks for it back (thu hồi): a status packet 13, or a document packet with
/// BussinessDocType 1 (domain.md §1.4; Decree 30 art. 18.4.b). The receiving agency (the envelope's) marks the
/// document revoked, stops serving its content and its clerk answers 15 (agreed) or 16 (refused).
///
/// Version 2 adds who asked (`staff`) and when (`requestedAt`): version 1 was published by intake but bound to no
/// queue, so no message of it exists anywhere.
public struct DocumentRevoked: Event {
    public static let type = "document.revoked"
    public static let version = 2

    /// The sender's DocumentId of the document taken back.
    public var edxmlDocumentId: String
    public var sender: Organization
    public var reason: String
    /// The sender's staff member who asked (StaffInfo/Staff), when the packet names one.
    public var staff: String?
    /// When the sender asked: the status packet's Timestamp or the document packet's trace.
    public var requestedAt: Date
    public var packet: BlobRef
    public var receivedAt: Date

    public init(
        edxmlDocumentId: String, sender: Organization, reason: String, staff: String?, requestedAt: Date, packet: BlobRef,
        receivedAt: Date
    ) {
        self.edxmlDocumentId = edxmlDocumentId
        self.sender = sender
        self.reason = reason
        self.staff = staff
        self.requestedAt = requestedAt
        self.packet = packet
        self.receivedAt = receivedAt
    }
}
