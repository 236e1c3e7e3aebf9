import Foundation

/// A co-handler sends an opinion (ý kiến phối hợp) to the main handler; it shows on the document for them and
/// the leaders.
struct GiveOpinion: Sendable {
    var taskId: UUID
    var text: String

    func run(_ context: CommandContext, documents: some IncomingDocuments) async throws -> Outcome<Opinion> {
        let acting = context.acting
        let (task, document) = try await documents.ownTask(taskId, acting)
        try TaskPolicy.canGiveOpinion(task, document)
        let opinion = try await documents.addOpinion(
            document: document.documentId, task: taskId, author: acting.account, onBehalfOf: acting.onBehalfOf, body: text, at: context.now)
        var record = context.record()
        record.audit("task.opinion", subject: taskId.lowercased, details: ["document": document.documentId.lowercased])
        return record.outcome(opinion)
    }
}
