import Contracts
import Foundation

/// A leader names a new main handler (giao lại); the old main task is withdrawn and the document goes back to
/// `assigned`.
struct ReassignIncoming: Sendable {
    var documentId: UUID
    var main: AssignmentRequest.Target
    /// A new deadline; the withdrawn task's deadline is kept when absent.
    var deadline: DeadlineRules.Spec?
    var reason: String?

    func run(_ context: CommandContext, documents: some IncomingDocuments, staff: some StaffDirectory) async throws -> Outcome<HandlingTask> {
        let acting = context.acting
        try acting.requireLeader("giao lại người xử lý chính", "reassign the main handler")
        let document = try await documents.locked(documentId, acting)
        try IncomingPolicy.canReassign(document)
        let people = try await AssigneeResolver.resolve(main, role: .main, agency: acting.agency, staff: staff)
        guard people.count == 1, let person = people.first else {
            throw Refusal.unprocessable(
                "main_handler_ambiguous", "Người xử lý chính phải là đúng một người", "the main handler must be exactly one person")
        }
        let old = try await documents.withdraw(document: documentId, role: .main, reason: "reassigned")
        if old.contains(where: { $0.assignee == person.account }) {
            throw Refusal.unprocessable(
                "same_handler", "\(person.account) đang là người xử lý chính", "\(person.account) already is the main handler")
        }
        let deadline = try DeadlineRules.deadline(self.deadline, assignedAt: context.now) ?? old.first?.deadline
        let task = HandlingTask(document, person, deadline: deadline, context)
        try await documents.insert(task)
        var record = context.record()
        try record.emit(task.assignedEvent, correlationId: document.correlationId)
        try await documents.setState(documentId, .assigned)
        record.audit(
            "incoming.reassign", subject: documentId.lowercased,
            details: ["from": old.map(\.assignee).joined(separator: ","), "to": person.account, "reason": reason ?? ""])
        return record.outcome(task)
    }
}
