import Auth
import Contracts
import Foundation

/// A head of department passes work on inside the department (trưởng phòng giao việc trong phòng): the task the
/// leader gave the department (as main handler or co-handler) goes to people of that department — one who carries
/// it and perhaps co-handlers — with a deadline no later than the leader's. The head's own task closes as passed
/// on; the head still sees the document and how the work goes.
enum DepartmentHandOn {
    /// Only a head of department passes on, only their own open main or co-handling task, and only when it came to
    /// them for a department.
    static func canPassOn(_ task: HandlingTask, _ acting: Acting) throws {
        guard acting.roles.contains(.departmentHead) else {
            throw Refusal.forbidden(
                "department_head_only", "Chỉ trưởng phòng được giao việc trong phòng", "only a head of department passes work on inside it")
        }
        guard task.role != .reader else {
            throw Refusal.unprocessable(
                "reader_task", "Văn bản nhận để biết không giao tiếp được", "a document sent for information cannot be passed on")
        }
        guard task.state.isOpen else {
            throw Refusal.illegal(
                "pass_on", state: task.state.rawValue, vietnamese: "Nhiệm vụ đã đóng", english: "the task is closed")
        }
        guard task.departmentId != nil else {
            throw Refusal.unprocessable(
                "no_department", "Nhiệm vụ không thuộc phòng nào nên không giao tiếp trong phòng được",
                "the task belongs to no department, so it cannot be passed on inside one")
        }
    }

    /// The people named: active members of the task's department, not the head themself, the carrier not also a
    /// co-handler, each once.
    static func checkPeople(main: Colleague?, mainAccount: String, cooperating: [(String, Colleague?)], task: HandlingTask, acting: Acting) throws
        -> (main: Colleague, cooperating: [Colleague])
    {
        func member(_ account: String, _ colleague: Colleague?) throws -> Colleague {
            guard let colleague, colleague.isActiveMember(of: task.agency), colleague.departmentId == task.departmentId else {
                throw Refusal.unprocessable(
                    "not_in_department", "\(account) không phải cán bộ đang làm việc trong phòng", "\(account) is not an active member of the department")
            }
            guard colleague.account != acting.principal else {
                throw Refusal.unprocessable(
                    "pass_on_to_self", "Không giao việc cho chính mình", "work cannot be passed on to oneself")
            }
            return colleague
        }
        let carrier = try member(mainAccount, main)
        var others: [Colleague] = []
        for (account, colleague) in cooperating {
            let c = try member(account, colleague)
            guard c.account != carrier.account, !others.contains(where: { $0.account == c.account }) else {
                throw Refusal.unprocessable(
                    "named_twice", "\(account) được ghi hai lần", "\(account) is named twice")
            }
            others.append(c)
        }
        return (carrier, others)
    }

    /// The deadline inside the department: the one asked for, no later than the leader's; the leader's when none
    /// is asked for.
    static func deadline(asked: Date?, leaders: Date?) throws -> Date? {
        guard let asked else { return leaders }
        if let leaders, asked > leaders {
            throw Refusal.unprocessable(
                "deadline_beyond_leader",
                "Hạn trong phòng không được muộn hơn hạn lãnh đạo giao (\(DeadlineRules.dayText(leaders)))",
                "the department's deadline cannot be later than the leader's (\(DeadlineRules.dayText(leaders)))")
        }
        return asked
    }
}
