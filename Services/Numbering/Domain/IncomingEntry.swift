import Contracts
import Foundation

/// One line of the Sổ đăng ký văn bản đến, with every column of Decree 30/2020 Phụ lục IV and the
/// system fields of Phụ lục VI (urgency, deadline, attachments, the original packet).
struct IncomingEntry: Codable, Sendable, Equatable {
    var documentId: UUID
    var agency: String
    /// Register code, `VBDEN` for the agency's incoming register.
    var register: String
    var year: Int
    /// (2) Số đến.
    var number: Int
    /// (1) Ngày đến (instant; printed as the Vietnam date).
    var arrivedAt: Date
    /// (3) Tác giả: the issuing body.
    var sender: Organization
    /// (4) Số, ký hiệu, e.g. `123/UBND-VP`.
    var codeNumber: String
    var codeNotation: String
    /// (5) Ngày tháng văn bản.
    var promulgationDate: Date
    /// (6) Tên loại và trích yếu nội dung.
    var documentType: String
    var subject: String
    /// (7) Đơn vị hoặc người nhận; (8) Ngày chuyển; (9) Ký nhận; (10) Ghi chú — filled in when the document is handed over.
    var recipient: String?
    var handedOverAt: Date?
    var receiptSignature: String?
    var note: String?
    /// Mức độ khẩn: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc.
    var priority: Int
    /// Hạn xử lý.
    var dueDate: Date?
    var signerName: String?
    var edxmlDocumentId: String
    var packet: BlobRef
    var attachments: [AttachmentRef]
    var registeredAt: Date
    /// Set when the sender took the document back; the content is then withheld.
    var revocation: EntryRevocation? = nil
    /// Updates and replacements of or by this document (filled in when one document is read).
    var links: [EntryLink]? = nil

    /// `123/UBND-VP`: the number and notation as written on the document.
    var codeText: String {
        if codeNotation.isEmpty { return codeNumber }
        if codeNumber.isEmpty { return codeNotation }
        return "\(codeNumber)/\(codeNotation)"
    }

    /// Column (6): the type name, then the subject.
    var typeAndSubject: String { documentType.isEmpty ? subject : "\(documentType): \(subject)" }

    static let priorityNames = ["", "Khẩn", "Thượng khẩn", "Hỏa tốc"]

    var priorityName: String { Self.priorityNames.indices.contains(priority) ? Self.priorityNames[priority] : "Hỏa tốc" }

    /// What search without diacritics looks in: type, subject, số ký hiệu and sender.
    var searchText: String {
        SearchFolding.fold([documentType, subject, codeText, sender.name, sender.code].joined(separator: " "))
    }
}
