import Contracts
import Foundation

/// The sender took an incoming document back (thu hồi; a status packet 13 or a document packet of BussinessDocType 1;
/// Decree 30 art. 18.4.b, Phụ lục VI III.8). The document becomes `revoked`: its open tasks are withdrawn, numbering
/// stops serving its content, and what is kept is the metadata of the revocation — who asked, when, why — and the
/// clerk's answer, 15 (agreed) or 16 (refused: the document goes back to the state it was in).
struct Revocation: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable {
        case requested
        case accepted
        case refused
    }

    var state: State
    var reason: String
    /// The sender's staff member who asked, when the packet names one.
    var staff: String?
    var requestedAt: Date
    var receivedAt: Date
    /// Where the document was when the request arrived, restored by a refusal.
    var stateBefore: IncomingDocument.State
    var answeredBy: String?
    var answeredAt: Date?
    var answerNote: String?
}

/// A link between an incoming document and an earlier one of the same sender that it updates (cập nhật) or replaces
/// (thay thế), from `document.updated`; resolved when read, so either document may arrive first.
struct DocumentLink: Codable, Sendable, Equatable {
    enum Direction: String, Codable, Sendable {
        /// This document updates or replaces the linked one.
        case changes
        /// This document is updated or replaced by the linked one.
        case changedBy = "changed_by"
    }

    var direction: Direction
    var change: DocumentUpdated.Change
    var edxmlDocumentId: String
    /// The linked document in this agency, once intake delivered it.
    var documentId: UUID?
    var number: Int?
    var documentCode: String?
    var reason: String?
}

extension IncomingPolicy {
    /// Only the clerk answers the sender's revocation (15/16), and only once.
    static func mayAnswerRevocation(_ acting: Acting) throws {
        guard acting.roles.contains(.clerk) else {
            throw Refusal.forbidden(
                "clerk_only", "Chỉ văn thư trả lời yêu cầu thu hồi văn bản", "only the clerk answers a revocation request")
        }
    }

    static func canAnswerRevocation(_ document: IncomingDocument) throws -> Revocation {
        guard document.state == .revoked, let revocation = document.revocation, revocation.state == .requested else {
            throw Refusal.illegal(
                "answer_revocation", state: document.state.rawValue,
                vietnamese: "Văn bản không có yêu cầu thu hồi đang chờ trả lời",
                english: "the document has no revocation request waiting for an answer")
        }
        return revocation
    }

    /// A refusal (16) says why: the sender must be told.
    static func refusalReason(_ accept: Bool, _ note: String?) throws {
        guard accept || !(note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Refusal.unprocessable(
                "reason_required", "Từ chối thu hồi phải nêu lý do", "refusing a revocation needs a reason")
        }
    }
}
