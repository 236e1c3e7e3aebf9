import Contracts
import Foundation

/// The sender of a registered incoming document took it back (thu hồi, Decree 30 art. 18.4.b): the register keeps its
/// line (số đến has no gaps) and the metadata of the revocation — who asked, when, why, and the clerk's answer — but no
/// longer serves the document's content (`IncomingRegisterRoutes` refuses the attachments).
struct EntryRevocation: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable {
        /// Asked for: the content is withheld until the clerk answers.
        case requested
        /// The clerk agreed (15): the document stays revoked.
        case accepted
        /// The clerk refused (16): the content is served again.
        case refused
    }

    var state: State
    var reason: String
    /// The sender's staff member who asked, when the packet names one.
    var staff: String?
    var requestedAt: Date
    var receivedAt: Date
    var answeredBy: String?
    var answeredAt: Date?
    var answerNote: String?

    /// Whether the content is withheld.
    var withholdsContent: Bool { state != .refused }

    /// The register's ghi chú (column 10) for the request.
    static func requestNote(_ e: DocumentRevoked) -> String {
        let who = [e.sender.name.isEmpty ? e.sender.code : e.sender.name, e.staff].compactMap { $0 }.joined(separator: ", ")
        return "Thu hồi: \(who) yêu cầu ngày \(VietnamTime.display(e.requestedAt))" + (e.reason.isEmpty ? "" : " — \(e.reason)")
    }

    /// The ghi chú for the clerk's answer.
    static func answerNote(_ e: RevocationAnswered) -> String {
        let day = VietnamTime.display(e.at)
        let note = e.note.map { $0.isEmpty ? "" : " — \($0)" } ?? ""
        return e.accepted ? "Đã đồng ý thu hồi ngày \(day)\(note)" : "Từ chối thu hồi ngày \(day)\(note)"
    }
}

/// A link between an incoming document and an earlier one of the same sender that it updates or replaces.
struct EntryLink: Codable, Sendable, Equatable {
    enum Direction: String, Codable, Sendable {
        /// This document updates or replaces `edxmlDocumentId`.
        case changes
        /// This document is updated or replaced by `edxmlDocumentId`.
        case changedBy = "changed_by"
    }

    var direction: Direction
    var change: DocumentUpdated.Change
    var edxmlDocumentId: String
    /// The linked document in this register, once registered.
    var documentId: UUID?
    var number: Int?
    var year: Int?
    var reason: String?
}
