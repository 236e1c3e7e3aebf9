import Foundation

/// An outgoing document sent as edXML to its recipients over the axis.
public struct DocumentDispatched: Event {
    public static let type = "document.dispatched"
    public static let version = 1

    public var documentId: UUID
    /// DocumentId written in the edXML header, which recipients quote in their status packets.
    public var edxmlDocumentId: String
    public var recipients: [Organization]
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
