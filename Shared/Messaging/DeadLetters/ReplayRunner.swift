import AMQP
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Storage

/// Carries out bulk replays, in any copy of the service: a job is held under a lease renewed at
/// every step, so when a copy dies another takes the job over where it stopped.
///
/// Each step locks the next messages of the job, publishes them with confirms, and only then marks
/// them replayed and commits. A crash between the confirm and the commit sends those few messages
/// once more; the consumer's inbox makes that second copy a no-op.
public final class ReplayRunner: Service, Sendable {
    let store: DeadLetterStore
    let publisher: AMQPPublisher
    let queues: QueueProbe
    /// The queues this service consumes (its topology, known once wiring is done): the only places a replay may send
    /// to, so that a dead letter cannot be pushed into another service's queue (say, signing's).
    public let ownQueues: @Sendable () -> Set<String>
    let owner = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
    let poll: Duration
    let lease: Duration
    let logger: Logger
    private let wake = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))

    public init(
        store: DeadLetterStore, publisher: AMQPPublisher, queues: QueueProbe, ownQueues: @escaping @Sendable () -> Set<String>,
        poll: Duration = .seconds(1), lease: Duration = .seconds(30), logger: Logger
    ) {
        self.store = store
        self.publisher = publisher
        self.queues = queues
        self.ownQueues = ownQueues
        self.poll = poll
        self.lease = lease
        self.logger = logger
    }

    /// Starts looking for work now rather than at the next poll (after a replay was requested).
    public func nudge() { wake.continuation.yield() }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in self.wake.stream { await self.runAvailableJobs() } }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.poll)
                        self.nudge()
                    }
                }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.wake.continuation.finish()
        }
    }

    /// Runs every job that is running and not leased by a live copy, one after the other.
    func runAvailableJobs() async {
        do {
            while let (job, target, rate) = try await claim() {
                try await runJob(job, target: target, rate: rate)
                if Task.isCancelled { return }
            }
        } catch {
            logger.error("dead-letter replay step failed; retrying at the next poll", metadata: ["error": "\(error)"])
        }
    }

    private func claim() async throws -> (UUID, String?, Double?)? {
        let s = store.schema
        let row = try await store.database.query("""
            UPDATE \(identifier: s).dead_letter_replays SET lease_owner = \(owner), lease_until = now() + \(Self.interval(lease))::interval
            WHERE id = (SELECT id FROM \(identifier: s).dead_letter_replays
                        WHERE state = 'running' AND (lease_until IS NULL OR lease_until < now() OR lease_owner = \(owner))
                        ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, target_queue, rate
            """).rows.first
        guard let row else { return nil }
        return (try row.decode(UUID.self, "id"), try row.decode(String?.self, "target_queue"), try row.decode(Double?.self, "rate"))
    }

    private func runJob(_ job: UUID, target: String?, rate: Double?) async throws {
        let chunk = rate.map { max(1, min(100, Int($0 / 4))) } ?? 100
        var checked: Set<String> = []
        logger.info("dead-letter replay running", metadata: ["replay": "\(job)", "rate": "\(rate.map { "\($0)/s" } ?? "unthrottled")"])
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let sent = try await store.database.withTransaction { tx -> Int? in
                try await self.step(job, target: target, chunk: chunk, checked: &checked, in: tx)
            }
            guard let sent else { return }  // finished, cancelled, stopped or taken over
            if let rate {
                let due = Duration.seconds(Double(sent) / rate)
                let spent = ContinuousClock.now - started
                if spent < due { try? await Task.sleep(for: due - spent) }
            }
        }
    }

    /// One step: the next `chunk` messages sent and marked. Nil when the job is over for this copy.
    private func step(_ job: UUID, target: String?, chunk: Int, checked: inout Set<String>, in tx: PGTransaction) async throws -> Int? {
        let s = store.schema
        // Renew the lease, or find the job cancelled or taken over.
        let alive = try await tx.query("""
            UPDATE \(identifier: s).dead_letter_replays SET lease_until = now() + \(Self.interval(lease))::interval
            WHERE id = \(job) AND state = 'running' AND lease_owner = \(owner)
            """).affectedRows == 1
        guard alive else { return nil }
        let rows = try await tx.query("""
            SELECT id, original_queue, message_id, type, correlation_id, content_type, headers::text AS headers, body
            FROM \(identifier: s).dead_letters WHERE replay_id = \(job) AND state = 'queued'
            ORDER BY seq LIMIT \(chunk) FOR UPDATE SKIP LOCKED
            """).rows
        if rows.isEmpty {
            _ = try await tx.query("""
                UPDATE \(identifier: s).dead_letter_replays SET state = 'done', finished_at = now(), lease_owner = NULL, lease_until = NULL
                WHERE id = \(job) AND NOT EXISTS (SELECT 1 FROM \(identifier: s).dead_letters WHERE replay_id = \(job) AND state = 'queued')
                """)
            logger.info("dead-letter replay finished", metadata: ["replay": "\(job)"])
            return nil
        }
        var messages: [OutboundMessage] = []
        var ids: [String] = []
        for row in rows {
            let destination = try target ?? row.decode(String.self, "original_queue")
            if !checked.contains(destination) {
                // Only this service's own queues (an original queue comes from headers, which a publisher controls);
                // and the default exchange drops a message for a queue that does not exist: never send blind.
                let own = ownQueues().contains(destination)
                guard own, try await queues.exists(destination) else {
                    let reason = own
                        ? "Hàng đợi \(destination) không tồn tại / queue \(destination) does not exist"
                        : "Hàng đợi \(destination) không thuộc dịch vụ này / queue \(destination) is not one of this service's"
                    _ = try await tx.query("""
                        UPDATE \(identifier: s).dead_letter_replays SET state = 'cancelled', finished_at = now(), last_error = \(reason)
                        WHERE id = \(job)
                        """)
                    _ = try await tx.query("""
                        UPDATE \(identifier: s).dead_letters SET state = 'dead', replay_id = NULL WHERE replay_id = \(job) AND state = 'queued'
                        """)
                    logger.error("dead-letter replay stopped", metadata: ["replay": "\(job)", "error": "\(reason)"])
                    return nil
                }
                checked.insert(destination)
            }
            let id = try row.decode(UUID.self, "id")
            var headers = StoredHeaders.decode(try row.decode(String.self, "headers"))
            for key in DeadLetterHeaders.failureHeaders { headers[key] = nil }
            headers[DeadLetterHeaders.replayedFrom] = .string(id.uuidString.lowercased())
            headers[DeadLetterHeaders.replay] = .string(job.uuidString.lowercased())
            messages.append(OutboundMessage(
                exchange: "", routingKey: destination, body: try row.decode([UInt8].self, "body"),
                messageId: try row.decode(String?.self, "message_id"), type: try row.decode(String?.self, "type"),
                correlationId: try row.decode(String?.self, "correlation_id"),
                contentType: try row.decode(String?.self, "content_type") ?? "application/json", headers: headers))
            ids.append(id.uuidString.lowercased())
        }
        try await publisher.publish(messages)  // confirmed before anything is marked
        _ = try await tx.query("""
            UPDATE \(identifier: s).dead_letters SET state = 'replayed', replayed_at = now(), replayed_to = coalesce(\(target), original_queue)
            WHERE id = ANY(\(PGArray.literal(ids))::uuid[])
            """)
        _ = try await tx.query("UPDATE \(identifier: s).dead_letter_replays SET done = done + \(ids.count) WHERE id = \(job)")
        Counter(label: "qlvb_dead_letters_replayed_total", dimensions: [("schema", s)]).increment(by: ids.count)
        return ids.count
    }

    static func interval(_ d: Duration) -> String { "\(d.components.seconds) seconds" }
}

/// Whether a queue exists, asked on a short connection of its own (a passive declare of a missing
/// queue closes the channel it was asked on).
public struct QueueProbe: Sendable {
    let endpoint: AMQPEndpoint

    public init(endpoint: AMQPEndpoint) { self.endpoint = endpoint }

    public func exists(_ queue: String) async throws -> Bool {
        let endpoint = self.endpoint
        return try await onOwnThread {
            let connection = try AMQPConnection(endpoint: endpoint)
            defer { connection.close() }
            do {
                _ = try connection.messageCount(queue)
                return true
            } catch AMQPError.closedByBroker(let code, _) where code == 404 {
                return false
            }
        }
    }
}

/// Runs blocking librabbitmq work on a thread of its own, never on Swift's cooperative pool.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
