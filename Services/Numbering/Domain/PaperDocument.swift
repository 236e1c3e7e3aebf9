import Contracts
import Foundation

/// A paper document the clerk registers (văn bản giấy đến): the scan of its pages and the Phụ lục VI incoming fields
/// the clerk reads off the paper (Decree 30/2020 art. 22; Phụ lục VI part II). Dates are Vietnam days `YYYY-MM-DD`.
struct PaperDocument: Decodable, Sendable {
    var sender: Organization
    var codeNumber: String
    var codeNotation: String
    var promulgationDate: String
    var documentType: String
    var subject: String
    var language: String?
    var pageAmount: Int?
    var signerName: String?
    var signerPosition: String?
    var priority: Int?
    var toPlaces: String?
    var dueDate: String?
    var description: String?
    /// The "Chuyển" and "Số và ký hiệu HS" of the ĐẾN stamp, when the clerk already knows them.
    var forwardTo: String?
    var fileNotation: String?
    /// The scan, base64, in page order: an image a page (PNG, JPEG or TIFF) or the scanner's PDF (its pages), or both.
    var pages: [ScanFile]
    /// The clerk saw the possible-duplicate warning and registers the document anyway.
    var confirmDuplicate: Bool?

    struct ScanFile: Decodable, Sendable {
        var data: String
    }

    static let maxPages = 50

    /// The register line before its number, or the refusal naming the first field that is wrong.
    func entry(documentId: UUID, agency: String, clerk: String, at now: Date) throws -> IncomingEntry {
        func field(_ value: String, _ name: String, _ label: String, max: Int, required: Bool = true) throws -> String {
            let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if required && v.isEmpty || v.count > max {
                throw Refusal.unprocessable(
                    "field_invalid", "Trường '\(label)' \(required ? "bắt buộc, " : "")tối đa \(max) ký tự",
                    "field '\(name)' is \(required ? "required and " : "")at most \(max) characters")
            }
            return v
        }
        func day(_ text: String, _ name: String, _ label: String) throws -> Date {
            guard let comps = VietnamTime.parseDay(text), let date = VietnamTime.calendar.date(from: comps) else {
                throw Refusal.unprocessable(
                    "field_invalid", "Trường '\(label)' phải là ngày dạng YYYY-MM-DD", "field '\(name)' must be a date YYYY-MM-DD")
            }
            return date
        }
        guard (1...Self.maxPages).contains(pages.count) else {
            throw Refusal.unprocessable(
                "scan_required", "Cần tệp quét của văn bản (PDF của máy quét, hoặc mỗi trang một ảnh; 1 đến \(Self.maxPages) tệp)",
                "the scan is required (the scanner's PDF or an image a page; 1 to \(Self.maxPages) files)")
        }
        guard (0...3).contains(priority ?? 0) else {
            throw Refusal.unprocessable("field_invalid", "Mức độ khẩn là 0 đến 3", "priority is 0 to 3")
        }
        if let pageAmount, !(1...999).contains(pageAmount) {
            throw Refusal.unprocessable("field_invalid", "Số trang từ 1 đến 999", "pageAmount is 1 to 999")
        }
        let promulgated = try day(promulgationDate, "promulgationDate", "Ngày tháng văn bản")
        guard promulgated <= now else {
            throw Refusal.unprocessable(
                "field_invalid", "Ngày tháng văn bản không thể sau ngày đến", "the document's date cannot be after its arrival")
        }
        var entry = IncomingEntry(
            documentId: documentId, agency: agency, register: IncomingRegister.code, year: VietnamTime.year(of: now), number: 0,
            arrivedAt: now,
            sender: Organization(
                code: try field(sender.code, "sender.code", "Mã cơ quan gửi", max: 13, required: false),
                name: try field(sender.name, "sender.name", "Tác giả", max: 200)),
            codeNumber: try field(codeNumber, "codeNumber", "Số", max: 11),
            codeNotation: try field(codeNotation, "codeNotation", "Ký hiệu", max: 30, required: false),
            promulgationDate: promulgated, documentType: try field(documentType, "documentType", "Tên loại", max: 100),
            subject: try field(subject, "subject", "Trích yếu", max: 500), recipient: nil, handedOverAt: nil,
            receiptSignature: nil, note: nil, priority: priority ?? 0,
            dueDate: try dueDate.map { try day($0, "dueDate", "Thời hạn giải quyết") },
            signerName: try signerName.map { try field($0, "signerName", "Người ký", max: 50, required: false) },
            edxmlDocumentId: "", packet: BlobRef(sha256: "", size: 0, mediaType: "application/pdf"), attachments: [],
            registeredAt: now)
        entry.medium = .paper
        entry.language = try field(language ?? "Tiếng Việt", "language", "Ngôn ngữ", max: 30)
        entry.pageAmount = pageAmount ?? pages.count
        entry.signerPosition = try signerPosition.map { try field($0, "signerPosition", "Chức vụ người ký", max: 100, required: false) }
        entry.toPlaces = try toPlaces.map { try field($0, "toPlaces", "Nơi nhận", max: 1000, required: false) }
        entry.documentDescription = try description.map { try field($0, "description", "Ghi chú", max: 500, required: false) }
        entry.signatureVerdict = "Bản giấy, không có chữ ký số"
        entry.registeredBy = clerk
        entry.trace = ["Đến (bản giấy), văn thư \(clerk) vào sổ"]
        return entry
    }
}
