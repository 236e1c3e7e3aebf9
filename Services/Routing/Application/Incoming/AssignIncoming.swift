import Contracts
import Foundation

/// A leader (or a delegate on their behalf) assigns a submitted document (phân công): one main handler,
/// co-handlers and readers, with a deadline. Emits `task.assigned` per person and the 04 status to the sender.
struct AssignIncoming: Sendable {
    var documentId: UUID
    var assignment: AssignmentRequest

    func run(_ context: CommandContext, documents: some IncomingDocuments, staff: some StaffDirectory) async throws
        -> Outcome<IncomingDetail>
    {
        let acting = context.acting
        try acting.requireLeader("phân công xử lý văn bản đến", "assign incoming documents")
        let document = try await documents.locked(documentId, acting)
        try IncomingPolicy.canAssign(document)
        let deadline = try DeadlineRules.deadline(assignment.deadline, assignedAt: context.now)
        let people = try await AssigneeResolver.resolve(assignment, agency: acting.agency, staff: staff)
        var record = context.record()
        var tasks: [HandlingTask] = []
        for person in people {
            let task = HandlingTask(document, person, deadline: person.role == .reader ? nil : deadline, context)
            try await documents.insert(task)
            try record.emit(task.assignedEvent, correlationId: document.correlationId)
            tasks.append(task)
        }
        try await documents.setState(documentId, .assigned)
        try await record.sendStatus(.assigned, document, staff: staff)
        record.audit(
            "incoming.assign", subject: documentId.lowercased,
            details: [
                "main": tasks.first { $0.role == .main }?.assignee ?? "",
                "cooperating": tasks.filter { $0.role == .cooperating }.map(\.assignee).joined(separator: ","),
                "readers": tasks.filter { $0.role == .reader }.map(\.assignee).joined(separator: ","),
                "deadline": deadline.map { ISO8601DateFormatter().string(from: $0) } ?? "", "note": assignment.note ?? "",
            ])
        return record.outcome(IncomingDetail(document: try await documents.locked(documentId, acting), tasks: tasks, opinions: []))
    }
}
