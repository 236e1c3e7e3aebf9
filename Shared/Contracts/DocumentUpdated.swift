import Foundation

/// The sender updates (cập nhật, type 2) or replaces (thay thế, type 3) documents it sent.
public struct DocumentUpdated: Event {
    public static let type = "document.updated"
    public static let version = 1

    public enum Change: String, Codable, Sendable { case update, replacement }

    public var change: Change
    public var edxmlDocumentId: String
    /// For a replacement: the DocumentIds it replaces.
    public var replaces: [String]
    public var sender: Organization
    public var reason: String?
    public var packet: BlobRef
    public var receivedAt: Date

    public init(
        change: Change, edxmlDocumentId: String, replaces: [String], sender: Organization, reason: String?,
        packet: BlobRef, receivedAt: Date
    ) {
        self.change = change
        self.edxmlDocumentId = edxmlDocumentId
        self.replaces = replaces
        self.sender = sender
        self.reason = reason
        self.packet = packet
        self.receivedAt = receivedAt
    }
}
