import Contracts
import Storage
import Synchronization

/// One change of state and the events it causes, committed together or not at all (transactional outbox).
///
/// The body runs in one PostgreSQL transaction and emits its events into `UnitOfWork.Events`; they are appended
/// to the outbox in the same transaction (one statement), then `beforeCommit` runs, then COMMIT, then the relay
/// is woken so the events go out at once rather than at the next poll. Every service writes through this instead
/// of repeating the sequence, since getting its order wrong loses events (append after commit) or delays them
/// (no wake-up).
public struct UnitOfWork: Sendable {
    public let database: PGClient
    public let outbox: Outbox

    public init(database: PGClient, outbox: Outbox) {
        self.database = database
        self.outbox = outbox
    }

    /// The events a unit of work emits, in the order it emitted them.
    public final class Events: Sendable {
        private let envelopes = Mutex<[Envelope]>([])

        public init() {}

        public func emit(_ envelope: Envelope) { envelopes.withLock { $0.append(envelope) } }
        public func emit(_ more: [Envelope]) { envelopes.withLock { $0 += more } }
        public var all: [Envelope] { envelopes.withLock { $0 } }
        public var isEmpty: Bool { envelopes.withLock { $0.isEmpty } }
    }

    /// Runs `body` in a transaction of its own and commits it with the events it emitted.
    /// - Parameters:
    ///   - synchronousCommit: false only for changes whose loss in a crash is acceptable (see `PGClient`).
    ///   - body: the change; it emits its events into the `Events` it is given.
    ///   - beforeCommit: the last writes before COMMIT, after the outbox append, with the body's result (an audit
    ///     log append that locks a hash chain goes here, so the lock is held as briefly as possible).
    public func run<T: Sendable>(
        synchronousCommit: Bool = true,
        _ body: (PGTransaction, Events) async throws -> T,
        beforeCommit: (T, PGTransaction) async throws -> Void = { _, _ in }
    ) async throws -> T {
        let events = Events()
        let outbox = self.outbox
        let result = try await database.withTransaction(synchronousCommit: synchronousCommit) { tx in
            let result = try await body(tx, events)
            try await outbox.append(events.all, in: tx)
            try await beforeCommit(result, tx)
            return result
        }
        if !events.isEmpty { outbox.committed() }
        return result
    }

    /// Runs `body` inside a transaction someone else owns and commits (a group commit's batch): its events are
    /// appended to the outbox in that transaction. The owner calls `committed()` once the transaction committed.
    public func within<T: Sendable>(_ tx: PGTransaction, _ body: (Events) async throws -> T) async throws -> T {
        let events = Events()
        let result = try await body(events)
        try await outbox.append(events.all, in: tx)
        return result
    }

    /// Wakes the relay; for `within`'s owner after its COMMIT.
    public func committed() { outbox.committed() }
}
