import AMQP
import Contracts
import Foundation
import Logging
import Messaging
import Storage
import TestSupport

/// A fresh schema (inbox, outbox and an `effects` table counting each message's effect) and
/// fresh queue names, so tests never see each other's messages.
struct Harness {
    let id = TestEnv.uniqueName()
    let database: PGClient
    let publisher: AMQPPublisher
    var schema: String { id }
    var queue: String { "\(id).test.event" }
    var routingKey: String { "test.\(id)" }

    init() async throws {
        database = PGClient(url: TestEnv.pgURL, maxConnections: 8, logger: TestEnv.logger)
        publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        let effects = Migration(version: 10, name: "effects", sql: """
            CREATE TABLE effects (message_id uuid PRIMARY KEY, handled int NOT NULL, attempt int);
            """)
        try await Migrator(schema: schema, migrations: MessagingMigrations.all + [effects], logger: TestEnv.logger)
            .migrate(on: database)
    }

    func envelope(_ payload: JSONValue = .object(["n": .number(1)]), version: Int = 1) -> Envelope {
        Envelope(type: routingKey, version: version, correlationId: UUID(), agency: "000.00.00.H52", payload: payload)
    }

    func router(delays: [Duration] = [.milliseconds(300), .milliseconds(600)], prefetch: Int = 20) -> MessageRouter {
        let r = MessageRouter(
            service: id, endpoint: TestEnv.endpoint, publisher: publisher, retryDelays: delays, prefetch: prefetch,
            concurrency: 8, logger: TestEnv.logger)
        r.useDeliveryPolicy(database: database, outbox: Outbox(schema: schema), batchSize: 16)  // as services run
        return r
    }

    /// A handler that records its effect once per message, in the handler's transaction.
    func countingHandler(failUntilAttempt: Int = 0, permanent: Bool = false) -> MessageHandlerFunc {
        let schema = self.schema
        return { context in
            let tx = try context.requireTransaction()
            _ = try await tx.query("""
                INSERT INTO \(identifier: schema).effects (message_id, handled, attempt)
                VALUES (\(context.envelope.id), 1, \(context.attempt))
                ON CONFLICT (message_id) DO UPDATE SET handled = effects.handled + 1, attempt = \(context.attempt)
                """)
            if permanent { throw PermanentError("rule broken: test refuses this message") }
            if context.attempt < failUntilAttempt { throw TransientError("database away (attempt \(context.attempt))") }
            return []
        }
    }

    func publish(_ envelopes: [Envelope]) async throws {
        try await publisher.publish(envelopes.map { try OutboundMessage(event: $0) })
    }

    struct Effect { var handled: Int; var attempt: Int? }

    func effects() async throws -> [UUID: Effect] {
        var out: [UUID: Effect] = [:]
        for row in try await database.query("SELECT message_id, handled, attempt FROM \(identifier: schema).effects").rows {
            out[try row.decode(UUID.self, "message_id")] = Effect(
                handled: try row.decode(Int.self, "handled"), attempt: try row.decode(Int?.self, "attempt"))
        }
        return out
    }

    func count(_ table: String) async throws -> Int {
        try await database.query("SELECT count(*) AS n FROM \(identifier: schema).\(identifier: table)").rows[0]
            .decode(Int.self, "n")
    }

    /// Ready messages in a queue, read with a connection of the test's own.
    func messageCount(_ queue: String) throws -> Int {
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        defer { c.close() }
        return try c.messageCount(queue)
    }

    /// Consumers on a queue; a router consumes only after declaring and binding, so one consumer
    /// means a published message will reach it.
    func consumerCount(_ queue: String) throws -> Int {
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        defer { c.close() }
        return try c.queueCounts(queue).consumers
    }

    /// Takes up to `max` messages off a queue (acking them), waiting up to `timeout` for the first.
    func drain(_ queue: String, max: Int = 100, timeout: Duration = .seconds(5)) throws -> [Delivery] {
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        defer { c.close() }
        try c.qos(prefetch: max)
        try c.consume(queue: queue, consumerTag: "drain")
        var out: [Delivery] = []
        var wait = timeout
        while out.count < max, let raw = try c.nextDelivery(timeout: wait, generation: 0) {
            out.append(raw.delivery)
            try c.ack(raw.delivery.deliveryTag)
            wait = .milliseconds(300)
        }
        return out
    }

    /// Takes `count` messages from `queue`, waiting for each until `timeout` has passed in all (`drain` stops at the
    /// first 300 ms without a message, which a busy machine can exceed between two dead letters).
    func drain(_ queue: String, count: Int, timeout: Duration) throws -> [Delivery] {
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        defer { c.close() }
        try c.qos(prefetch: count)
        try c.consume(queue: queue, consumerTag: "drain")
        let deadline = ContinuousClock.now + timeout
        var out: [Delivery] = []
        while out.count < count, ContinuousClock.now < deadline,
            let raw = try c.nextDelivery(timeout: deadline - ContinuousClock.now, generation: 0) {
            out.append(raw.delivery)
            try c.ack(raw.delivery.deliveryTag)
        }
        return out
    }

    /// Declares a plain queue bound to the events exchange (a stand-in consumer of emitted events).
    func bindProbe(_ queue: String, to key: String) throws {
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        defer { c.close() }
        try c.declareExchange(Topology.eventsExchange)
        try c.declareQueue(queue, arguments: ["x-queue-type": .string("quorum")])
        try c.bindQueue(queue, exchange: Topology.eventsExchange, routingKey: key)
    }

    /// Deletes the test's queues and schema.
    func cleanUp(queues: [String] = []) async {
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            let all = [
                queue, Topology.deadLetterQueue(of: queue), "\(queue).retry.300ms", "\(queue).retry.600ms",
                "\(queue).retry.1s",
            ] + queues
            for q in all { try? c.deleteQueue(q) }
            c.close()
        }
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        await publisher.close(grace: .seconds(2))
        await database.shutdown()
    }
}

