import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The thread of one connection, and a task executor on it.
///
/// libpq blocks, so its calls never run on Swift's cooperative pool. A call made from elsewhere is handed to this
/// thread and awaited. `PGClient` also runs the code that leases the connection (a transaction's body) on this
/// executor, and there a call runs inline: a transaction of five statements then costs no thread hand-off instead
/// of ten, which were most of the context switches per delivery on the incoming path. Blocking this thread blocks
/// only the tasks that hold its connection, which wait for that call anyway.
final class PGConnectionThread: TaskExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case call(() -> Void)
    }

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var queue: [Work] = []
    private var stopped = false
    /// `pthread_self()` of the thread, 0 until it runs.
    private let threadID = Atomic<UInt>(0)

    /// - Parameter name: the thread's name as `top -H` and /proc show it (at most 15 bytes are kept).
    init(name: String) {
        let thread = Thread { [self] in
            Thread.current.name = name  // applied to the running thread only (Foundation on Linux)
            loop()
        }
        thread.start()
    }

    /// True on this connection's thread.
    var isCurrent: Bool {
        let id = threadID.load(ordering: .acquiring)
        return id != 0 && Self.currentThreadID() == id
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // After stop() a job still runs: on the global executor.
        if !submit(.job(job)) { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
    }

    /// Runs `body` on this thread (inline when already on it) and returns its result.
    func call<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        if isCurrent { return try body() }
        return try await withCheckedThrowingContinuation { continuation in
            let work: () -> Void = { continuation.resume(with: Result(catching: body)) }
            // Stopped: the connection is closed and `body` fails fast, so it may run on the caller's thread.
            if !submit(.call(work)) { work() }
        }
    }

    /// Ends the thread once the work already queued has run.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func submit(_ work: Work) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return false }
        queue.append(work)
        if queue.count == 1 { condition.signal() }
        return true
    }

    private static func currentThreadID() -> UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }

    private func loop() {
        threadID.store(Self.currentThreadID(), ordering: .releasing)
        var batch: [Work] = []
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &queue)
            condition.unlock()
            for work in batch {
                switch work {
                case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
                case .call(let body): body()
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
