import AMQP
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Storage

/// Publishes outbox rows with confirms, then deletes them.
///
/// Rows are locked with `FOR UPDATE SKIP LOCKED` while they are published, so several copies of a
/// service share the work without publishing a row twice in normal running. A crash between the
/// confirm and the delete publishes the row again after restart: at least once, never lost.
public final class OutboxRelay: Service, Sendable {
    private let database: PGClient
    private let schema: String
    private let publisher: AMQPPublisher
    private let batchSize: Int
    private let pollInterval: Duration
    private let logger: Logger
    private let wakeups: AsyncStream<Void>
    private let wakeup: AsyncStream<Void>.Continuation

    public init(
        database: PGClient, schema: String, publisher: AMQPPublisher, batchSize: Int = 500,
        pollInterval: Duration = .milliseconds(500), logger: Logger
    ) {
        self.database = database
        self.schema = schema
        self.publisher = publisher
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.logger = logger
        (wakeups, wakeup) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func wake() { wakeup.yield() }

    public func run() async throws {
        // Runs until graceful shutdown, then one last pass so committed events are not left behind.
        let (pollInterval, wakeup) = (self.pollInterval, self.wakeup)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: pollInterval)
                        wakeup.yield()
                    }
                }
                for await _ in wakeups { await drain() }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            wakeup.finish()
        }
        await drain()
    }

    /// Publishes until the outbox is empty (or publishing fails; the next tick tries again).
    public func drain() async {
        do {
            while try await relayOnce() == batchSize {}
        } catch {
            logger.warning("outbox relay pass failed; will retry", metadata: ["error": "\(error)", "schema": "\(schema)"])
        }
    }

    /// One batch: take the rows (deleted, but only once this transaction commits), publish with confirms, commit.
    /// If publishing fails the transaction rolls back and the rows are there again for the next attempt.
    /// Returns the number of rows published.
    @discardableResult
    public func relayOnce() async throws -> Int {
        let (schema, batchSize, publisher) = (self.schema, self.batchSize, self.publisher)
        // The delete need not wait for the WAL flush: if a crash loses it, the rows are published again, and
        // consumers' inboxes make the second copy a no-op (at-least-once either way).
        return try await database.withTransaction(synchronousCommit: false) { tx in
            // = ANY(ARRAY(…)) keeps the delete on the primary key; IN (…) may be planned as a scan of the whole table.
            let taken = try await tx.query("""
                DELETE FROM \(identifier: schema).outbox WHERE id = ANY(ARRAY(
                    SELECT id FROM \(identifier: schema).outbox ORDER BY id LIMIT \(batchSize) FOR UPDATE SKIP LOCKED))
                RETURNING id, message_id, exchange, routing_key, type, correlation_id, body, created_at
                """).rows
            guard !taken.isEmpty else {
                Gauge(label: "qlvb_outbox_lag_seconds", dimensions: [("schema", schema)]).record(0)
                return 0
            }
            // RETURNING has no order: events go out in the order they were written.
            let rows = try taken.map { (try $0.decode(Int64.self, "id"), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
            var messages: [OutboundMessage] = []
            for row in rows {
                messages.append(OutboundMessage(
                    exchange: try row.decode(String.self, "exchange"), routingKey: try row.decode(String.self, "routing_key"),
                    body: Array(try row.decode(String.self, "body").utf8), messageId: try row.decode(String.self, "message_id"),
                    type: try row.decode(String.self, "type"), correlationId: try row.decode(String?.self, "correlation_id")))
            }
            let oldest = try rows[0].decode(Date.self, "created_at")
            Gauge(label: "qlvb_outbox_lag_seconds", dimensions: [("schema", schema)]).record(Date().timeIntervalSince(oldest))
            try await publisher.publish(messages)
            Counter(label: "qlvb_outbox_published_total", dimensions: [("schema", schema)]).increment(by: rows.count)
            return rows.count
        }
    }
}
