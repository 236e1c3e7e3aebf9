import Foundation

/// edXML status codes (gói tin trạng thái), two-digit strings on the wire.
public enum StatusCode: String, Codable, Sendable, Hashable, CaseIterable {
    case arrived = "01"            // đã đến
    case rejected = "02"           // từ chối tiếp nhận
    case accepted = "03"           // đã tiếp nhận (vào sổ)
    case assigned = "04"           // phân công
    case processing = "05"         // đang xử lý
    case finished = "06"           // hoàn thành
    case revocationRequested = "13" // lấy lại / yêu cầu thu hồi
    case changeAccepted = "15"     // đồng ý cập nhật / lấy lại
    case changeRejected = "16"     // từ chối cập nhật / lấy lại
}

/// A status packet this installation must send back to the sender of a document.
public struct StatusOutbound: Event {
    public static let type = "status.outbound"
    public static let version = 1

    /// The sender's DocumentId of the document the status is about.
    public var edxmlDocumentId: String
    /// Số/ký hiệu of that document, as in ResponseFor/Code.
    public var documentCode: String
    public var promulgationDate: Date?
    public var to: Organization
    public var from: Organization
    public var status: StatusCode
    public var description: String
    public var staff: String?
    public var at: Date

    public init(
        edxmlDocumentId: String, documentCode: String, promulgationDate: Date?, to: Organization, from: Organization,
        status: StatusCode, description: String, staff: String?, at: Date
    ) {
        self.edxmlDocumentId = edxmlDocumentId
        self.documentCode = documentCode
        self.promulgationDate = promulgationDate
        self.to = to
        self.from = from
        self.status = status
        self.description = description
        self.staff = staff
        self.at = at
    }
}

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
