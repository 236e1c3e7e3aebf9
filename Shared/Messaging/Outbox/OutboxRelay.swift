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

    /// One batch: lock, publish with confirms, delete. Returns the number of rows published.
    @discardableResult
    public func relayOnce() async throws -> Int {
        let (schema, batchSize, publisher) = (self.schema, self.batchSize, self.publisher)
        return try await database.withTransaction { tx in
            let rows = try await tx.query("""
                SELECT id, message_id, exchange, routing_key, type, correlation_id, body, created_at FROM \(identifier: schema).outbox
                ORDER BY id LIMIT \(batchSize) FOR UPDATE SKIP LOCKED
                """).rows
            guard !rows.isEmpty else {
                Gauge(label: "qlvb_outbox_lag_seconds", dimensions: [("schema", schema)]).record(0)
                return 0
            }
            var ids: [String] = []
            var messages: [OutboundMessage] = []
            for row in rows {
                ids.append(try row.decode(String.self, "id"))
                messages.append(OutboundMessage(
                    exchange: try row.decode(String.self, "exchange"), routingKey: try row.decode(String.self, "routing_key"),
                    body: Array(try row.decode(String.self, "body").utf8), messageId: try row.decode(String.self, "message_id"),
                    type: try row.decode(String.self, "type"), correlationId: try row.decode(String?.self, "correlation_id")))
            }
            let oldest = try rows[0].decode(Date.self, "created_at")
            Gauge(label: "qlvb_outbox_lag_seconds", dimensions: [("schema", schema)]).record(Date().timeIntervalSince(oldest))
            try await publisher.publish(messages)
            _ = try await tx.query(PGQuery(
                unsafeSQL: "DELETE FROM \(PGQuery.quoteIdentifier(schema)).outbox WHERE id = ANY($1::bigint[])",
                binds: ["{" + ids.joined(separator: ",") + "}"]))
            Counter(label: "qlvb_outbox_published_total", dimensions: [("schema", schema)]).increment(by: rows.count)
            return rows.count
        }
    }
}
