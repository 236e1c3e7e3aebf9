import Contracts
import Foundation

/// A leader-signed outgoing document (văn bản đi) as numbering knows it from routing's `signing.requested` (type,
/// subject, recipients), signing's `document.signed` and `document.sealed`, and dispatch's `document.dispatched`.
struct OutgoingDocument: Codable, Sendable, Equatable {
    var documentId: UUID
    var agency: String
    /// Tên loại, e.g. "Công văn", "Quyết định".
    var documentType: String?
    /// Trích yếu.
    var subject: String?
    /// Nơi nhận: organisation codes.
    var recipients: [String]
    /// The leader's account, and name when routing gave it.
    var signer: String?
    var signerName: String?
    var appendixCount: Int
    var signedAt: Date?
    var sealedAt: Date?
    /// The issued PDF: number and date filled in, the agency's signature on it.
    var sealed: BlobRef?
    /// When dispatch sent it to its recipients (`document.dispatched`): the register's "ngày chuyển".
    var dispatchedAt: Date? = nil

    /// Signed by the leader and known well enough to number: the clerk may ask for its number.
    var isReadyToNumber: Bool { signedAt != nil && documentType != nil }
}

/// One number of an outgoing series: given to a document, issued once the agency's signature is on it, or withdrawn
/// before issue with its reason (kept, never given to another document).
struct OutgoingNumber: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable {
        /// Given; signing fills it into the PDF and seals.
        case numbered
        /// Sealed with the number: the document is issued (ban hành).
        case issued
        /// Taken back before issue (thu hồi số); the number stays in the register with the reason.
        case withdrawn
    }

    var agency: String
    /// Series code, e.g. `VBDI-CV`.
    var register: String
    var year: Int
    var number: Int
    /// `UBND-KT`, `QĐ-UBND`, `2026/QĐ-UBND`.
    var notation: String
    var documentId: UUID
    /// The instant the number was given; its Vietnam date is the document's date (ngày tháng văn bản).
    var issuedAt: Date
    var state: State
    var numberedBy: String
    /// Drafting unit abbreviation (for công văn, and "Lưu: VT, <unit>").
    var unit: String?
    var withdrawnReason: String?
    var withdrawnBy: String?
    var withdrawnAt: Date?

    /// `05/UBND-KT`.
    var codeText: String { DocumentNumbered.codeText(number: number, notation: notation) }
    /// `YYYY-MM-DD` in Vietnam time.
    var issuedOn: String { VietnamTime.isoDay(issuedAt) }
}

/// A line of the Sổ đăng ký văn bản đi: the number with its document.
struct OutgoingEntry: Codable, Sendable, Equatable {
    var number: OutgoingNumber
    var document: OutgoingDocument
}

/// The outgoing register (Sổ đăng ký văn bản đi).
enum OutgoingRegister {
    static let title = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
}
