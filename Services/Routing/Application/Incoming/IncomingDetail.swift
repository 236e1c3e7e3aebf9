import Contracts
import Foundation

/// One incoming document with every task on it and the co-handlers' opinions.
struct IncomingDetail: Codable, Sendable {
    var document: IncomingDocument
    var tasks: [HandlingTask]
    var opinions: [Opinion]
    /// Updates and replacements of or by this document.
    var links: [DocumentLink] = []
}

extension IncomingDocuments {
    /// The document, locked for the command's transaction, when it is registered in the acting agency.
    func locked(_ id: UUID, _ acting: Acting) async throws -> IncomingDocument {
        try IncomingPolicy.visible(try await document(id, agency: acting.agency, forUpdate: true))
    }

    /// The task, locked with its document, when it is the caller's (or their delegator's).
    func ownTask(_ id: UUID, _ acting: Acting) async throws -> (HandlingTask, IncomingDocument) {
        guard let peek = try await task(id, agency: acting.agency, forUpdate: false),
            let document = try await document(peek.documentId, agency: acting.agency, forUpdate: true),
            let task = try await task(id, agency: acting.agency, forUpdate: true)
        else {
            throw Refusal.notFound("not_found", "Không có nhiệm vụ này trong cơ quan", "no such task in this agency")
        }
        try TaskPolicy.requireAssignee(task, acting)
        return (task, document)
    }
}

extension HandlingTask {
    /// A new task for `person` on `document`, assigned now by the acting leader.
    init(_ document: IncomingDocument, _ person: Assignee, deadline: Date?, _ context: CommandContext) {
        self.init(
            id: UUID(), agency: context.acting.agency, documentId: document.documentId, assignee: person.account,
            departmentId: person.departmentId, role: person.role, state: .assigned, deadline: deadline,
            assignedBy: context.acting.account, onBehalfOf: context.acting.onBehalfOf, assignedAt: context.now)
    }

    /// `task.assigned` for this task.
    var assignedEvent: TaskAssigned {
        TaskAssigned(
            taskId: id, documentId: documentId, assignee: assignee, role: role, deadline: deadline, assignedBy: assignedBy,
            onBehalfOf: onBehalfOf)
    }
}
