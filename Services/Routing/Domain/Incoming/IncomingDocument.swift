import Contracts
import Foundation

/// An incoming document (văn bản đến) on its way through the agency: registered by the clerk, submitted to a
/// leader (trình), assigned to handlers (phân công), processed and completed.
struct IncomingDocument: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable {
        /// Details from intake are known, the số đến is not yet: not shown to anyone.
        case received
        case registered
        case submitted
        case assigned
        case processing
        case completed
        /// The sender took it back (`Revocation`): no task is open, the content is withheld.
        case revoked
    }

    var documentId: UUID
    var agency: String
    var state: State
    /// Sổ, year and số đến from numbering.
    var register: String?
    var year: Int?
    var number: Int?
    var registeredAt: Date?
    var sender: Organization?
    var edxmlDocumentId: String?
    var codeNumber: String?
    var codeNotation: String?
    var promulgationDate: Date?
    var documentType: String?
    /// Trích yếu.
    var subject: String?
    var priority: Int?
    /// The sender's requested answer date (hạn trả lời), if any.
    var dueDate: Date?
    var submittedBy: String?
    var submittedTo: String?
    var submittedAt: Date?
    var correlationId: UUID
    /// The issued draft that answers it, with its số/ký hiệu and date (sổ theo dõi giải quyết văn bản đến).
    var answeredByDraft: UUID? = nil
    var answerNumber: String? = nil
    var answeredOn: Date? = nil
    /// The sender's revocation request and the clerk's answer, if it was taken back.
    var revocation: Revocation? = nil

    /// Số/ký hiệu as the sender wrote it, `123/UBND-VP`.
    var documentCode: String? {
        guard let codeNumber, let codeNotation else { return nil }
        return "\(codeNumber)/\(codeNotation)"
    }
}

/// A handler's part in one document (nhiệm vụ xử lý): main handler, co-handler or reader.
struct HandlingTask: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable {
        case assigned
        case accepted
        case completed
        /// Closed by the leader: reassigned to someone else or recalled (thu hồi).
        case withdrawn
        /// Closed by a head of department who passed the work on inside the department (giao việc trong phòng):
        /// the tasks they gave name this one as their `parentTaskId`.
        case passedOn = "passed_on"

        var isOpen: Bool { self == .assigned || self == .accepted }
    }

    var id: UUID
    var agency: String
    var documentId: UUID
    var assignee: String
    var departmentId: UUID?
    var role: HandlingRole
    var state: State
    var deadline: Date?
    var assignedBy: String
    var onBehalfOf: String?
    var assignedAt: Date
    var acceptedAt: Date?
    var completedAt: Date?
    var result: String?
    var withdrawnReason: String?
    /// The department head's task this one was passed on from, if it was.
    var parentTaskId: UUID? = nil
}

/// A co-handler's opinion (ý kiến phối hợp) for the main handler.
struct Opinion: Codable, Sendable, Equatable {
    var id: Int
    var documentId: UUID
    var taskId: UUID
    var author: String
    var onBehalfOf: String?
    var body: String
    var createdAt: Date
}
