import Logging
import ServiceKit
import ServiceLifecycle
import Synchronization
import Testing

/// The watches' shared loop: a failed pass is tried again at the next turn, and a graceful shutdown ends the loop
/// without waiting out the interval.
struct PeriodicTests {
    final class Passes: Sendable {
        let count = Mutex(0)
    }

    struct PassFailed: Error {}

    struct Watch: Service {
        let passes: Passes
        let interval: Duration

        func run() async throws {
            await Periodic.run(every: interval, logger: Logger(label: "test"), failure: "pass failed") {
                let n = passes.count.withLock { $0 += 1; return $0 }
                if n == 1 { throw PassFailed() }   // the first pass fails
            }
        }
    }

    @Test func aFailedPassIsTriedAgainAndShutdownDoesNotWaitOutTheInterval() async throws {
        let passes = Passes()
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: Watch(passes: passes, interval: .milliseconds(50)))], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Generous: in a parallel test run other tests may hold the cooperative threads for many seconds.
            let deadline = ContinuousClock.now + .seconds(90)
            while passes.count.withLock({ $0 }) < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(passes.count.withLock { $0 } >= 3, "the failed first pass did not stop the loop")

        // An hour's interval: shutdown ends the loop without waiting it out (bounded by a starved test run, not the hour).
        let slow = ServiceGroup(configuration: .init(
            services: [.init(service: Watch(passes: Passes(), interval: .seconds(3600)))], logger: Logger(label: "test")))
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await slow.run() }
            try await Task.sleep(for: .milliseconds(200))
            await slow.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(ContinuousClock.now - started < .seconds(120))
    }
}
