import Contracts
import Foundation

/// When a person leaves, their open work moves to the successor the head names (bàn giao công việc, art. 22.2.b):
/// each open task is withdrawn as handed over and given again to the successor with the same role and deadline
/// (the new task names the old as `parentTaskId`, so the history stays), and the drafts they were writing become the
/// successor's (every version keeps its own author). Delegations to or from the leaver are revoked, not moved: a
/// delegation needs the head's permission for the person who holds it (`LeaveAgency`). Runs in the leave's
/// transaction, after it.
struct HandOverWork: Sendable {
    var agency: String
    var leaver: String
    var successor: String

    struct Summary: Sendable, Equatable {
        var tasks: [HandlingTask]
        var drafts: [UUID]
    }

    func run(_ context: CommandContext, documents: some IncomingDocuments, drafts: some Drafts, staff: some StaffDirectory) async throws
        -> Outcome<Summary>
    {
        let successor = try await staff.colleague(self.successor)
        var record = context.record()
        var given: [HandlingTask] = []
        for old in try await documents.openTasks(of: leaver, agency: agency) {
            // The document first, then the task, as every other command locks them.
            guard let document = try await documents.document(old.documentId, agency: agency, forUpdate: true),
                try await documents.withdraw(task: old.id, reason: "handed_over")
            else { continue }
            var task = HandlingTask(
                document, Assignee(account: self.successor, departmentId: successor?.departmentId ?? old.departmentId, role: old.role),
                deadline: old.deadline, context)
            task.parentTaskId = old.id
            try await documents.insert(task)
            try record.emit(task.assignedEvent, correlationId: document.correlationId)
            record.audit(
                "task.hand_over", subject: old.id.lowercased,
                details: ["document": old.documentId.lowercased, "from": leaver, "to": self.successor, "task": task.id.lowercased])
            given.append(task)
        }
        let moved = try await drafts.handOver(from: leaver, to: self.successor, agency: agency, at: context.now)
        for id in moved {
            record.audit("draft.hand_over", subject: id.lowercased, details: ["from": leaver, "to": self.successor])
        }
        return record.outcome(Summary(tasks: given, drafts: moved))
    }
}
