import Contracts
import Foundation

/// The assignee takes the task (tiếp nhận): assigned → accepted. The main handler's acceptance puts the document
/// in processing and tells the sender 05 (only once: after a reassignment the sender already knows).
struct AcceptTask: Sendable {
    var taskId: UUID

    func run(_ context: CommandContext, documents: some IncomingDocuments, staff: some StaffDirectory) async throws -> Outcome<HandlingTask> {
        let (task, document) = try await documents.ownTask(taskId, context.acting)
        try TaskPolicy.canAccept(task)
        try await documents.accept(taskId, at: context.now)
        var record = context.record()
        try record.emit(
            TaskAccepted(
                taskId: taskId, documentId: document.documentId, assignee: task.assignee, role: task.role, acceptedAt: context.now,
                onBehalfOf: context.acting.onBehalfOf),
            correlationId: document.correlationId)
        if TaskPolicy.startsProcessing(task, document) {
            try await documents.setState(document.documentId, .processing)
            if try await !documents.mainHandlerAccepted(document: document.documentId, except: taskId) {
                try await record.sendStatus(.processing, document, staff: staff)
            }
        }
        record.audit("task.accept", subject: taskId.lowercased, details: ["document": document.documentId.lowercased])
        return record.outcome(try await documents.task(taskId, agency: context.acting.agency, forUpdate: false) ?? task)
    }
}
