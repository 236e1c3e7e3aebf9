import NIOCore

/// What a checkout gets: an idle connection to reuse, or the right to open a new one.
enum PGLease<Connection> {
    case reuse(Connection)
    case create
}

/// The pool's bookkeeping as a value type, so its rules are tested without a server.
///
/// `open` counts idle, leased and still-connecting connections and never exceeds `capacity`. Callers that
/// find the pool full wait in FIFO order; a released connection or freed slot goes to the oldest waiter.
struct PGPoolState<Connection, Waiter> {
    enum CheckoutAction {
        case lease(PGLease<Connection>)
        case wait
        case cancelled
        case closed
    }

    let capacity: Int
    private(set) var idle: [Connection] = []
    private(set) var open = 0
    private(set) var waiters = CircularBuffer<(id: Int, waiter: Waiter)>()
    private(set) var isClosed = false

    init(capacity: Int) {
        precondition(capacity > 0, "a pool needs at least one connection")
        self.capacity = capacity
    }

    /// Leases at once if possible; otherwise queues `waiter` unless the task is already cancelled.
    mutating func checkout(id: Int, waiter: Waiter, isCancelled: Bool) -> CheckoutAction {
        if isClosed { return .closed }
        if let connection = idle.popLast() { return .lease(.reuse(connection)) }
        if open < capacity {
            open += 1
            return .lease(.create)
        }
        if isCancelled { return .cancelled }
        waiters.append((id, waiter))
        return .wait
    }

    /// Removes a waiter whose task was cancelled; nil if it was already served.
    mutating func cancel(id: Int) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index).waiter
    }

    /// Returns a connection. Unusable ones (and all of them once closed) are handed back to be closed,
    /// and their slot goes to the oldest waiter as a `.create` lease.
    mutating func release(_ connection: Connection, reusable: Bool) -> (close: Connection?, wake: (Waiter, PGLease<Connection>)?) {
        if !reusable || isClosed {
            open -= 1
            return (connection, takeSlotForWaiter())
        }
        if let first = waiters.popFirst() {
            return (nil, (first.waiter, .reuse(connection)))
        }
        idle.append(connection)
        return (nil, nil)
    }

    /// A `.create` lease failed to connect: free its slot for the oldest waiter, who will try on their own.
    mutating func connectFailed() -> (Waiter, PGLease<Connection>)? {
        open -= 1
        return takeSlotForWaiter()
    }

    /// Refuses new checkouts; returns the idle connections to close and the waiters to fail.
    mutating func shutdown() -> (close: [Connection], fail: [Waiter]) {
        isClosed = true
        let connections = idle
        idle.removeAll()
        open -= connections.count
        let failed = waiters.map(\.waiter)
        waiters.removeAll()
        return (connections, failed)
    }

    private mutating func takeSlotForWaiter() -> (Waiter, PGLease<Connection>)? {
        guard !isClosed, let first = waiters.popFirst() else { return nil }
        open += 1
        return (first.waiter, .create)
    }
}
