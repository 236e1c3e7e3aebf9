import Foundation

/// The sender updates (cập nhật, BussinessDocType 2) or replaces (thay thế, type 3) documents it sent earlier.
///
/// The packet is itself a document: intake also publishes its `document.received` under the same `documentId`, so
/// it is registered like any incoming document; this event links it to the earlier documents (`originals`).
///
/// Version 2 names the new document (`documentId`) and the staff member: version 1 was published by intake but bound
/// to no queue, so no message of it exists anywhere.
public struct DocumentUpdated: Event {
    public static let type = "document.updated"
    public static let version = 2

    public enum Change: String, Codable, Sendable { case update, replacement }

    public var change: Change
    /// QLVB's id of the updating or replacing document (the one of its `document.received`).
    public var documentId: UUID
    /// The sender's DocumentId of that document.
    public var edxmlDocumentId: String
    /// The sender's DocumentIds of the documents it updates (Bussiness/DocumentId) or replaces (ReplacementInfoList).
    public var originals: [String]
    public var sender: Organization
    public var reason: String?
    public var staff: String?
    public var packet: BlobRef
    public var receivedAt: Date

    public init(
        change: Change, documentId: UUID, edxmlDocumentId: String, originals: [String], sender: Organization, reason: String?,
        staff: String?, packet: BlobRef, receivedAt: Date
    ) {
        self.change = change
        self.documentId = documentId
        self.edxmlDocumentId = edxmlDocumentId
        self.originals = originals
        self.sender = sender
        self.reason = reason
        self.staff = staff
        self.packet = packet
        self.receivedAt = receivedAt
    }
}
