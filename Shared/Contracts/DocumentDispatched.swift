import Foundation

/// An outgoing document sent as edXML to its recipients (hosted ones at once, the others queued for the axis):
/// `dispatchedAt` is the outgoing register's "ngày chuyển".
public struct DocumentDispatched: Event {
    public static let type = "document.dispatched"
    public static let version = 1

    public var documentId: UUID
    /// DocumentId written in the edXML header, which recipients quote in their status packets.
    public var edxmlDocumentId: String
    public var recipients: [Organization]
    /// The packet of the first of `recipients` (each recipient's differs only in its addressee and signature; dispatch
    /// keeps them all, with each recipient's state).
    public var packet: BlobRef
    public var dispatchedAt: Date

    public init(documentId: UUID, edxmlDocumentId: String, recipients: [Organization], packet: BlobRef, dispatchedAt: Date) {
        self.documentId = documentId
        self.edxmlDocumentId = edxmlDocumentId
        self.recipients = recipients
        self.packet = packet
        self.dispatchedAt = dispatchedAt
    }
}
