import Contracts
import Foundation
import Storage
import Synchronization

/// One transaction shared by a batch of messages that arrived together: one commit (one fsync)
/// for all of them. The inbox was written for the whole batch up front; each message's events
/// are collected and written to the outbox at the end. Any failure rolls the batch back and the
/// router handles its messages one by one, so a bad message cannot harm the others.
public final class BatchScope: Sendable {
    public let transaction: PGTransaction
    private let state: Mutex<(fresh: Set<InboxKey>, emitted: [Envelope])>

    init(transaction: PGTransaction, fresh: Set<InboxKey>) {
        self.transaction = transaction
        state = Mutex((fresh, []))
    }

    /// True once per new message: a second copy in the same batch is a duplicate too.
    func claim(_ messageId: UUID, handler: String) -> Bool {
        state.withLock { $0.fresh.remove(InboxKey(messageId: messageId, handler: handler)) != nil }
    }

    func collect(_ envelopes: [Envelope]) { state.withLock { $0.emitted.append(contentsOf: envelopes) } }

    var emitted: [Envelope] { state.withLock { $0.emitted } }
}
