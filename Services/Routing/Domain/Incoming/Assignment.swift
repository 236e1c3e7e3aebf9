import Auth
import Contracts
import Foundation

/// What a leader sends to assign a document (phân công): ONE main handler, co-handlers and readers, each a person
/// or a department, and the deadline as a date or a number of working days.
///
/// A department named as main handler or co-handler goes to its head (trưởng phòng), who answers for it and
/// distributes the work inside; a department named as reader goes to every active member, since "nhận để biết"
/// is for everyone in it.
struct AssignmentRequest: Codable, Sendable {
    struct Target: Codable, Sendable, Hashable {
        var account: String?
        var department: UUID?
    }

    var main: Target
    var cooperating: [Target]?
    var readers: [Target]?
    var deadline: DeadlineRules.Spec?
    var note: String?
}

/// One person resolved from a target, with their department for the progress view.
struct Assignee: Sendable, Equatable {
    var account: String
    var departmentId: UUID?
    var role: HandlingRole
}
