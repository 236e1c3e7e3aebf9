import Foundation

/// A status packet that arrived from the axis about one of our outgoing documents.
public struct StatusReceived: Event {
    public static let type = "status.received"
    public static let version = 1

    public var edxmlDocumentId: String
    public var from: Organization
    public var status: StatusCode
    public var description: String
    public var at: Date
    public var packet: BlobRef

    public init(edxmlDocumentId: String, from: Organization, status: StatusCode, description: String, at: Date, packet: BlobRef) {
        self.edxmlDocumentId = edxmlDocumentId
        self.from = from
        self.status = status
        self.description = description
        self.at = at
        self.packet = packet
    }
}
