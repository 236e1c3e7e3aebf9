import Contracts
import Foundation
import Messaging

/// `task.assigned` from routing: the assignee may from now on read the document in the register (`RegisterAccess`).
struct RecordReader: EventHandler {
    let store: IncomingRegisterStore

    func handle(_ event: TaskAssigned, context: MessageContext) async throws -> [any Event] {
        try await store.addReader(
            event.assignee, documentId: event.documentId, agency: context.envelope.agency, at: context.envelope.occurredAt,
            in: try context.requireTransaction())
        return []
    }
}
