import Contracts
import Foundation

/// A head of department passes their task on inside the department (giao việc trong phòng): one person carries it
/// (in the task's role: the document's main handler, or the department's co-handling), others co-handle, with a
/// deadline no later than the leader's. The head's task closes as passed on; `task.assigned` goes to each person.
struct PassOnTask: Sendable {
    var taskId: UUID
    var main: String
    var cooperating: [String]
    var deadline: DeadlineRules.Spec?
    var note: String?

    func run(_ context: CommandContext, documents: some IncomingDocuments, staff: some StaffDirectory) async throws -> Outcome<[HandlingTask]> {
        let acting = context.acting
        let (task, document) = try await documents.ownTask(taskId, acting)
        try DepartmentHandOn.canPassOn(task, acting)
        let (carrier, others) = try DepartmentHandOn.checkPeople(
            main: try await staff.colleague(main), mainAccount: main,
            cooperating: try await cooperating.asyncMap { ($0, try await staff.colleague($0)) }, task: task, acting: acting)
        let deadline = try DepartmentHandOn.deadline(
            asked: try DeadlineRules.deadline(self.deadline, assignedAt: context.now), leaders: task.deadline)
        try await documents.passOn(taskId, note: note, at: context.now)
        var record = context.record()
        var given: [HandlingTask] = []
        for (colleague, role) in [(carrier, task.role)] + others.map({ ($0, HandlingRole.cooperating) }) {
            var handed = HandlingTask(
                document, Assignee(account: colleague.account, departmentId: task.departmentId, role: role), deadline: deadline, context)
            handed.parentTaskId = task.id
            try await documents.insert(handed)
            try record.emit(handed.assignedEvent, correlationId: document.correlationId)
            given.append(handed)
        }
        record.audit(
            "task.pass_on", subject: taskId.lowercased,
            details: [
                "document": document.documentId.lowercased, "main": carrier.account,
                "cooperating": others.map(\.account).joined(separator: ","),
                "deadline": deadline.map { ISO8601DateFormatter().string(from: $0) } ?? "", "note": note ?? "",
            ])
        return record.outcome(given)
    }
}

extension Sequence {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
