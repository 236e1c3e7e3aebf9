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
    /// Received over the axis (edXML) or on paper and scanned by the clerk: both share one sequence of số đến.
    var medium: Medium = .electronic
    /// Phụ lục VI incoming fields the edXML header does not always give: Language, PageAmount, SignerInfo.Position,
    /// ToPlaces (unit or person to receive), Description, TraceHeaderList (direction, distribution, status).
    var language: String? = nil
    var pageAmount: Int? = nil
    var signerPosition: String? = nil
    var toPlaces: String? = nil
    var documentDescription: String? = nil
    var trace: [String] = []
    /// Ghi chú: the verdict on the sender's digital signature ("Chữ ký số hợp lệ"). A revocation writes its own
    /// lines into `note` (``EntryRevocation``).
    var signatureVerdict: String? = nil
    /// "số đến/năm" of an earlier line with the same sender, số ký hiệu and date (Phụ lục VI III.1.h).
    var duplicateOf: String? = nil
    /// The clerk who registered a paper document.
    var registeredBy: String? = nil
    /// When the register's period holding this line was closed: the line no longer changes.
    var closedAt: Date? = nil
    /// Sổ theo dõi giải quyết văn bản đến: thời hạn giải quyết (the main handler's deadline, else the document's),
    /// when and how the handling ended, and the số, ký hiệu of the answering document once issued.
    var deadline: Date? = nil
    var completedAt: Date? = nil
    var completion: String? = nil
    var answerNumber: String? = nil
    var answeredAt: Date? = nil

    enum Medium: String, Codable, Sendable { case electronic, paper }
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

    /// Column (10), Ghi chú: urgency, deadline, paper, signature verdict, revocation, possible duplicate, the note.
    var remarks: String {
        var lines = [priorityName]
        if let due = dueDate { lines.append("Hạn \(VietnamTime.display(due))") }
        if medium == .paper { lines.append("Văn bản giấy" + (pageAmount.map { ", \($0) trang" } ?? "")) }
        lines += [signatureVerdict, duplicateOf.map { "Có thể trùng số đến \($0)" }, note].compactMap { $0 }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Tiến độ giải quyết, as of `now`.
    func progress(now: Date) -> String {
        if let answeredAt, let answerNumber { return "Đã trả lời bằng văn bản số \(answerNumber) ngày \(VietnamTime.display(answeredAt))" }
        if let completedAt {
            return "Đã giải quyết ngày \(VietnamTime.display(completedAt))" + (completion.map { ": \($0)" } ?? "")
        }
        let late = (deadline ?? dueDate).map { $0 < now } ?? false
        let state = receiptSignature != nil ? "Đang giải quyết" : recipient != nil ? "Đã chuyển, chưa nhận" : "Chưa giao xử lý"
        return late ? "Quá hạn — \(state.lowercased())" : state
    }

    /// What search without diacritics looks in: type, subject, số ký hiệu and sender.
    var searchText: String {
        SearchFolding.fold([documentType, subject, codeText, sender.name, sender.code].joined(separator: " "))
    }
}
