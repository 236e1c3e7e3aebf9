import Contracts
import Foundation

/// The main handler finishes (hoàn thành): accepted → completed with the result; the document's other open tasks
/// close, `task.completed` and the 06 status go out.
struct CompleteTask: Sendable {
    var taskId: UUID
    var result: String

    func run(_ context: CommandContext, documents: some IncomingDocuments, staff: some StaffDirectory) async throws -> Outcome<HandlingTask> {
        let acting = context.acting
        let (task, document) = try await documents.ownTask(taskId, acting)
        try TaskPolicy.canComplete(task)
        try await documents.complete(taskId, result: result, at: context.now)
        try await documents.closeWithDocument(document.documentId, at: context.now)
        try await documents.setState(document.documentId, .completed)
        var record = context.record()
        try record.emit(
            TaskCompleted(
                taskId: taskId, documentId: document.documentId, completedBy: acting.principal, result: result, completedAt: context.now),
            correlationId: document.correlationId)
        try await record.sendStatus(.finished, document, staff: staff)
        record.audit("task.complete", subject: taskId.lowercased, details: ["document": document.documentId.lowercased, "result": result])
        return record.outcome(try await documents.task(taskId, agency: acting.agency, forUpdate: false) ?? task)
    }
}
