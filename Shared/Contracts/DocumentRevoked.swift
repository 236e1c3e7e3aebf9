import Foundation

/// The sender revokes (thu hồi) a document it sent (BussinessDocType 1).
public struct DocumentRevoked: Event {
    public static let type = "document.revoked"
    public static let version = 1

    public var edxmlDocumentId: String
    public var sender: Organization
    public var reason: String
    public var packet: BlobRef
    public var receivedAt: Date

    public init(edxmlDocumentId: String, sender: Organization, reason: String, packet: BlobRef, receivedAt: Date) {
        self.edxmlDocumentId = edxmlDocumentId
        self.sender = sender
        self.reason = reason
        self.packet = packet
        self.receivedAt = receivedAt
    }
}
