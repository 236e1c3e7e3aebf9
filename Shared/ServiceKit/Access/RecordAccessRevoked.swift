import Contracts
import Messaging

/// Every service keeps the revocations routing announces, so its own routes refuse the revoked tokens.
struct RecordAccessRevoked: EventHandler {
    let revocations: AccessRevocations

    func handle(_ event: AccessRevoked, context: MessageContext) async throws -> [any Event] {
        try await revocations.record(event, in: try context.requireTransaction())
        return []
    }
}
