import Contracts
import Foundation

/// An outgoing document being drafted (dự thảo văn bản đi): written by a specialist, commented on by colleagues,
/// revised, submitted to the leader in charge, forwarded to the head and approved for signing.
struct Draft: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable {
        case drafting
        /// With the leader in charge (trình lãnh đạo phụ trách).
        case submitted
        /// Sent back with comments for revision.
        case returned
        /// Forwarded by the leader in charge to the head (trình thủ trưởng).
        case forwarded
        /// The head approved it; signing has been requested.
        case approved
        /// Numbered by the clerk and sealed with the agency's signature: issued (ban hành) with its số/ký hiệu.
        case issued
    }

    var id: UUID
    var agency: String
    var author: String
    var state: State
    var currentVersion: Int
    /// The leader in charge it was submitted to.
    var leader: String?
    var signingRequestId: UUID?
    var createdAt: Date
    var updatedAt: Date
    /// Once issued: `05/UBND-KT` and the document's date (from signing's `document.sealed`).
    var issuedNumber: String? = nil
    var issuedOn: Date? = nil
    /// The incoming document this draft answers (văn bản trả lời), if any.
    var answers: UUID? = nil
    /// The issued document this draft updates (cập nhật) or replaces (thay thế), if any: dispatched with
    /// BussinessDocType 2 or 3 naming the earlier document.
    var changes: DraftChange? = nil
    /// Once issued and dispatched, the agency may take it back (thu hồi): 13 to every recipient.
    var recall: DraftRecall? = nil
}

/// The earlier issued document a draft updates or replaces.
struct DraftChange: Codable, Sendable, Equatable {
    var draft: UUID
    var kind: DocumentUpdated.Change
}

/// The agency took an issued document back: who, when, why (the recipients' 15/16 are dispatch's per-recipient state).
struct DraftRecall: Codable, Sendable, Equatable {
    var reason: String
    var requestedBy: String
    var onBehalfOf: String?
    var requestedAt: Date
}

/// A file of a draft: the main text (one PDF, the document the head signs) or an appendix (phụ lục).
struct DraftFile: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable { case main, appendix }
    var name: String
    var kind: Kind
    var blob: BlobRef
}

/// One version of a draft; every change makes a new one and none is ever overwritten.
struct DraftVersion: Codable, Sendable, Equatable {
    var draftId: UUID
    var version: Int
    var documentType: String
    /// Trích yếu.
    var subject: String
    /// Nơi nhận: organisation codes (mã định danh).
    var recipients: [String]
    var files: [DraftFile]
    var note: String?
    var author: String
    var createdAt: Date

    var mainFile: DraftFile? { files.first { $0.kind == .main } }
}

/// A colleague's comment or a leader's decision with its reason.
struct DraftComment: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable { case comment, returned, forwarded, approved }
    var id: Int
    var version: Int
    var author: String
    var onBehalfOf: String?
    var kind: Kind
    var body: String
    var createdAt: Date
}
