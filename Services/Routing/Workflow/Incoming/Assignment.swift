import Auth
import Contracts
import Foundation
import Storage

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

enum AssigneeResolver {
    /// People for every target, each at most once: as main handler before co-handler before reader.
    static func resolve(_ request: AssignmentRequest, agency: String, schema: String, on db: some PGExecutor) async throws -> [Assignee] {
        var result: [Assignee] = []
        let groups: [(HandlingRole, [AssignmentRequest.Target])] = [
            (.main, [request.main]), (.cooperating, request.cooperating ?? []), (.reader, request.readers ?? []),
        ]
        for (role, targets) in groups {
            for target in targets {
                let people = try await resolve(target, role: role, agency: agency, schema: schema, on: db)
                if role == .main, people.count != 1 {
                    throw WorkflowError.unprocessable(
                        "main_handler_ambiguous", "Phòng được giao xử lý chính phải có đúng một trưởng phòng (có \(people.count))",
                        "the department named as main handler must have exactly one head (it has \(people.count))")
                }
                for p in people where !result.contains(where: { $0.account == p.account }) { result.append(p) }
            }
        }
        return result
    }

    static func resolve(_ target: AssignmentRequest.Target, role: HandlingRole, agency: String, schema: String, on db: some PGExecutor)
        async throws -> [Assignee]
    {
        switch (target.account, target.department) {
        case (let account?, nil):
            guard let user = try await Directory.user(account, schema: schema, on: db), user.agency == agency, user.isActive else {
                throw WorkflowError.unprocessable(
                    "assignee_unknown", "Không có cán bộ \(account) đang làm việc trong cơ quan",
                    "\(account) is not an active member of this agency")
            }
            return [Assignee(account: user.account, departmentId: user.departmentId, role: role)]
        case (nil, let department?):
            let members = try await Directory.members(ofDepartment: department, schema: schema, on: db)
                .filter { $0.isActive && $0.agency == agency }
            guard !members.isEmpty else {
                throw WorkflowError.unprocessable(
                    "department_unknown", "Không có phòng \(department) (hoặc phòng không còn ai) trong cơ quan",
                    "department \(department) is not in this agency or has no active members")
            }
            let chosen = role == .reader ? members : members.filter { $0.roles.contains(.departmentHead) }
            guard !chosen.isEmpty else {
                throw WorkflowError.unprocessable(
                    "department_without_head", "Phòng \(department) chưa có trưởng phòng để nhận việc",
                    "department \(department) has no head to take the work")
            }
            return chosen.sorted { $0.account < $1.account }.map { Assignee(account: $0.account, departmentId: department, role: role) }
        default:
            throw WorkflowError.badRequest(
                "target_invalid", "Mỗi người nhận ghi một trong hai: account hoặc department",
                "each target names either an account or a department")
        }
    }
}
