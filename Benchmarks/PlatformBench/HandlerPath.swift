import AMQP
import Contracts
import Foundation
import Logging
import Messaging
import Storage
import Synchronization

/// (c): N messages preloaded in a consumer queue; the router consumes them with the platform's
/// middleware (inbox + outbox in one transaction), each handler writes a row and emits one event,
/// the relay publishes the events with confirms. Timed from start to the last event confirmed.
struct HandlerPath {
    let amqpURL: String
    let pgURL: String
    let count: Int
    var concurrency = 8
    var batch = 32

    func run() async throws -> Double {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let id = "b" + UUID().uuidString.prefix(8).lowercased()
        let endpoint = try AMQPEndpoint(url: amqpURL)
        let db = PGClient(url: pgURL, maxConnections: concurrency, logger: logger)
        let work = Migration(version: 10, name: "work", sql: "CREATE TABLE work (id uuid PRIMARY KEY, n int)")
        try await Migrator(schema: id, migrations: MessagingMigrations.all + [work], logger: logger).migrate(on: db)
        let publisher = AMQPPublisher(endpoint: endpoint, name: "bench", logger: logger)
        let relay = OutboxRelay(database: db, schema: id, publisher: publisher, pollInterval: .milliseconds(50), logger: logger)
        let outbox = Outbox(schema: id, relay: relay)
        let router = MessageRouter(
            service: id, endpoint: endpoint, publisher: publisher, retryDelays: [.seconds(1)], prefetch: concurrency * batch,
            concurrency: concurrency, logger: logger)
        router.useDeliveryPolicy(database: db, outbox: outbox, batchSize: batch)  // as every service runs
        let inKey = "bench.\(id).in", outKey = "bench.\(id).out", queue = "\(id).in", sink = "\(id).sink"
        let scopes = Mutex(Set<ObjectIdentifier>())
        router.addRaw(name: "\(id).Work", queue: queue, bindings: [inKey]) { context in
            if let b = context.batch { scopes.withLock { _ = $0.insert(ObjectIdentifier(b)) } }
            _ = try await context.requireTransaction().query(
                "INSERT INTO \(identifier: id).work (id, n) VALUES (\(context.envelope.id), 1)")
            return [Envelope(type: outKey, version: 1, correlationId: context.envelope.correlationId,
                             causationId: context.envelope.id, agency: context.envelope.agency, payload: .object([:]))]
        }

        // Preload: declare the topology and a sink for the emitted events, then publish the input.
        let admin = try AMQPConnection(endpoint: endpoint)
        try router.topology.declare(on: admin)
        try admin.declareQueue(sink, arguments: ["x-queue-type": .string("quorum")])
        try admin.bindQueue(sink, exchange: Topology.eventsExchange, routingKey: outKey)
        let payload = JSONValue.object(["text": .string(String(repeating: "x", count: 900))])
        var batch: [OutboundMessage] = []
        for _ in 0..<count {
            batch.append(try OutboundMessage(event: Envelope(
                type: inKey, version: 1, correlationId: UUID(), agency: "000.00.00.H52", payload: payload)))
            if batch.count == 1000 { try await publisher.publish(batch); batch.removeAll() }
        }
        try await publisher.publish(batch)

        let start = Date()
        let routing = Task { try await router.run() }
        let relaying = Task { try await relay.run() }
        while try admin.messageCount(sink) < count { try await Task.sleep(for: .milliseconds(20)) }
        let rate = Double(count) / Date().timeIntervalSince(start)
        let batches = scopes.withLock { $0.count }
        print(String(format: "(handler path: %d transactions, %.1f messages each)", batches, Double(count) / Double(max(batches, 1))))
        routing.cancel()
        relaying.cancel()
        _ = await routing.result
        for q in [queue, "\(queue).dlq", "\(queue).retry.1s", sink] { try? admin.deleteQueue(q) }
        admin.close()
        _ = try await db.query("DROP SCHEMA \(identifier: id) CASCADE")
        await publisher.close()
        await db.shutdown()
        return rate
    }
}
