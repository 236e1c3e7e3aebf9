import Contracts
import Foundation
import Messaging

/// `task.assigned` from routing: the assignee may from now on read the document in the register (`RegisterAccess`);
/// the main handler is the register's "đơn vị hoặc người nhận", the assignment's moment its "ngày chuyển".
struct RecordReader: EventHandler {
    let store: IncomingRegisterStore

    func handle(_ event: TaskAssigned, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction(), agency = context.envelope.agency, at = context.envelope.occurredAt
        try await store.addReader(event.assignee, documentId: event.documentId, agency: agency, at: at, in: tx)
        if event.role == .main {
            try await store.recordHandedOver(
                event.documentId, agency: agency, to: event.assignee, at: at, deadline: event.deadline, in: tx)
        }
        return []
    }
}

/// `task.accepted` from routing: the main handler confirmed the receipt in the system — the register's "ký nhận".
struct RecordReceipt: EventHandler {
    let store: IncomingRegisterStore

    func handle(_ event: TaskAccepted, context: MessageContext) async throws -> [any Event] {
        guard event.role == .main else { return [] }
        let text = "\(event.assignee) đã nhận trên hệ thống \(VietnamTime.displayWithTime(event.acceptedAt))"
        try await store.recordReceipt(
            event.documentId, agency: context.envelope.agency, by: event.assignee, text: text, in: try context.requireTransaction())
        return []
    }
}

/// `task.completed` from routing: the main handler finished; the follow-up register shows it as handled.
struct RecordCompletion: EventHandler {
    let store: IncomingRegisterStore

    func handle(_ event: TaskCompleted, context: MessageContext) async throws -> [any Event] {
        try await store.recordCompleted(
            event.documentId, agency: context.envelope.agency, at: event.completedAt, result: event.result,
            in: try context.requireTransaction())
        return []
    }
}
