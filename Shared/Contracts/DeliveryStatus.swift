import Foundation

/// What a recipient's axis reported about one of our dispatched documents.
public struct DeliveryStatus: Event {
    public static let type = "delivery.status"
    public static let version = 1

    public var documentId: UUID
    public var recipient: Organization
    public var status: StatusCode
    public var description: String
    public var at: Date

    public init(documentId: UUID, recipient: Organization, status: StatusCode, description: String, at: Date) {
        self.documentId = documentId
        self.recipient = recipient
        self.status = status
        self.description = description
        self.at = at
    }
}
