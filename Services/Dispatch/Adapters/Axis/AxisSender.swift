import BlobStore
import Foundation
import Logging
import Messaging
import ServiceLifecycle
import Storage
import Synchronization

/// Sends the queued packets of recipients outside this installation over the axis, each under a lease, with the
/// configured back-off (`QLVB_DISPATCH_RETRY`) on a transient failure and `failed` once the retries are spent or the
/// axis refuses outright; the clerk sees both and may send again.
///
/// At least once: a copy killed between the axis's answer and its commit leaves the recipient queued; once the lease
/// ends it is sent again with the same bytes (same DocumentId), which the receiver deduplicates — one registered copy.
struct AxisSender: Service {
    let settings: DispatchSettings
    let database: PGClient
    let store: OutgoingStore
    let blobs: any BlobStore
    let axis: any AxisClient
    let logger: Logger
    /// Rung when a document was queued (the sender also polls every `settings.pollInterval`).
    let doorbell: Doorbell
    var now: @Sendable () -> Date = { Date() }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var sent = 0
            do { sent = try await tick() } catch {
                logger.warning("axis sender pass failed; trying again", metadata: ["error": "\(error)"])
            }
            if sent > 0 { continue }
            await doorbell.wait(upTo: settings.pollInterval)
        }
    }

    /// One pass: takes the due recipients and sends each; returns how many it handled.
    @discardableResult
    func tick() async throws -> Int {
        let start = now()
        let due = try await store.claimDue(
            now: start, leaseUntil: start.addingTimeInterval(settings.lease.timeInterval), limit: 16, on: database)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for item in due { group.addTask { try await send(item) } }
            try await group.waitForAll()
        }
        return due.count
    }

    private func send(_ due: OutgoingStore.Due) async throws {
        let outcome: Result<String, any Error>
        do {
            let packet = try await blobs.read(due.packet)
            outcome = .success(try await axis.send(packet, kind: .edoc, from: due.agency, to: [due.recipient]))
        } catch {
            outcome = .failure(error)
        }
        let at = now()
        try await database.withTransaction { tx in
            switch outcome {
            case .success(let axisId):
                try await store.markSent(due, axisId: axisId, at: at, in: tx)
            case .failure(let error):
                let permanent = error is PermanentError
                let delay = permanent ? nil : RetrySchedule.delay(afterAttempt: due.attempts, schedule: settings.retry)
                try await store.markFailedAttempt(
                    due, error: "Trục liên thông chưa nhận: \(error)", retryAt: delay.map { at.addingTimeInterval($0.timeInterval) }, at: at, in: tx)
            }
        }
        switch outcome {
        case .success(let id):
            logger.info("packet sent over the axis", metadata: ["to": "\(due.recipient)", "document": "\(due.documentId)", "axis_id": "\(id)"])
        case .failure(let error):
            logger.warning("axis send failed", metadata: [
                "to": "\(due.recipient)", "document": "\(due.documentId)", "attempt": "\(due.attempts)", "error": "\(error)",
            ])
        }
    }
}

/// Wakes a waiting loop at once instead of at its next poll; a ring with nobody waiting is kept for the next wait.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    init() {}

    func ring() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let w = s.waiter else {
                s.rung = true
                return nil
            }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }

    /// Returns when rung, or after `timeout`.
    func wait(upTo timeout: Duration) async {
        let timer = Task { [self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            ring()
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.rung {
                    s.rung = false
                    return true
                }
                s.waiter = c
                return false
            }
            if now { c.resume() }
        }
        timer.cancel()
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (s, atto) = components
        return TimeInterval(s) + TimeInterval(atto) / 1e18
    }
}
