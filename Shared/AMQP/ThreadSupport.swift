import Foundation

/// State shared between a connection's own thread and async callers. The thread sleeps in `poll(2)`
/// and is woken through its ``Wakeup``, so a lock is all the state needs.
final class Guarded<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var state: State

    init(_ state: State) { self.state = state }

    func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}

/// Exponential back-off for reconnecting: 100 ms doubling to 5 s.
struct Backoff {
    private var attempt = 0

    mutating func next() -> TimeInterval {
        defer { attempt += 1 }
        return min(5.0, 0.1 * pow(2.0, Double(min(attempt, 6))))
    }

    mutating func reset() { attempt = 0 }
}

func startThread(name: String, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread(block: body)
    thread.name = name
    thread.stackSize = 1 << 20
    thread.start()
}
