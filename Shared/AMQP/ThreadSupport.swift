import Foundation

/// State shared between a connection's own thread and async callers, guarded by a condition
/// variable so the thread can sleep until there is work.
final class Guarded<State>: @unchecked Sendable {
    private let condition = NSCondition()
    private var state: State

    init(_ state: State) { self.state = state }

    func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body(&state)
    }

    /// Changes the state and wakes the owning thread.
    func update<T>(_ body: (inout State) throws -> T) rethrows -> T {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&state)
    }

    /// Sleeps until `ready` holds or the timeout passes, then runs `body` under the lock.
    func wait<T>(until ready: (State) -> Bool, timeout: TimeInterval, _ body: (inout State) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !ready(state) {
            if !condition.wait(until: deadline) { break }
        }
        return body(&state)
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
