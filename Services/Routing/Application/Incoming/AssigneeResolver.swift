import Contracts
import Foundation

/// The people an assignment names: a person as themself, a department as its head (main handler, co-handler) or
/// as every active member (reader).
enum AssigneeResolver {
    /// People for every target, each at most once: as main handler before co-handler before reader.
    static func resolve(_ request: AssignmentRequest, agency: String, staff: some StaffDirectory) async throws -> [Assignee] {
        var result: [Assignee] = []
        let groups: [(HandlingRole, [AssignmentRequest.Target])] = [
            (.main, [request.main]), (.cooperating, request.cooperating ?? []), (.reader, request.readers ?? []),
        ]
        for (role, targets) in groups {
            for target in targets {
                let people = try await resolve(target, role: role, agency: agency, staff: staff)
                if role == .main, people.count != 1 {
                    throw Refusal.unprocessable(
                        "main_handler_ambiguous", "Phòng được giao xử lý chính phải có đúng một trưởng phòng (có \(people.count))",
                        "the department named as main handler must have exactly one head (it has \(people.count))")
                }
                for p in people where !result.contains(where: { $0.account == p.account }) { result.append(p) }
            }
        }
        return result
    }

    static func resolve(_ target: AssignmentRequest.Target, role: HandlingRole, agency: String, staff: some StaffDirectory)
        async throws -> [Assignee]
    {
        switch (target.account, target.department) {
        case (let account?, nil):
            guard let user = try await staff.colleague(account), user.agency == agency, user.isActive else {
                throw Refusal.unprocessable(
                    "assignee_unknown", "Không có cán bộ \(account) đang làm việc trong cơ quan",
                    "\(account) is not an active member of this agency")
            }
            return [Assignee(account: user.account, departmentId: user.departmentId, role: role)]
        case (nil, let department?):
            let members = try await staff.members(ofDepartment: department)
                .filter { $0.isActive && $0.agency == agency }
            guard !members.isEmpty else {
                throw Refusal.unprocessable(
                    "department_unknown", "Không có phòng \(department) (hoặc phòng không còn ai) trong cơ quan",
                    "department \(department) is not in this agency or has no active members")
            }
            let chosen = role == .reader ? members : members.filter { $0.roles.contains(.departmentHead) }
            guard !chosen.isEmpty else {
                throw Refusal.unprocessable(
                    "department_without_head", "Phòng \(department) chưa có trưởng phòng để nhận việc",
                    "department \(department) has no head to take the work")
            }
            return chosen.sorted { $0.account < $1.account }.map { Assignee(account: $0.account, departmentId: department, role: role) }
        default:
            throw Refusal.badRequest(
                "target_invalid", "Mỗi người nhận ghi một trong hai: account hoặc department",
                "each target names either an account or a department")
        }
    }
}
