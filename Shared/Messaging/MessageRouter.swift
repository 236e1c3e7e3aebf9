import AMQP
import Contracts
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Consumes a service's queues and runs each message through the middleware to its handler.
///
/// On success the router publishes whatever the chain still returns (handlers without a database)
/// and then acks; with ``InboxOutbox`` the events are already in the outbox and the ack follows
/// the commit. A failure that escapes the chain (the retry policy could not reach the broker) is
/// requeued after a pause. Graceful shutdown stops consuming, finishes the messages in hand and
/// returns.
public final class MessageRouter: Service, Sendable {
    struct Route: Sendable {
        let queue: Topology.ConsumerQueue
        let handler: String
        let run: MessageHandlerFunc
    }

    public let service: String
    private let endpoint: AMQPEndpoint
    private let publisher: AMQPPublisher
    private let retryDelays: [Duration]
    private let prefetch: Int
    private let concurrency: Int
    private let logger: Logger
    private let state = LockedState<([any MessageMiddleware], [String: Route], AMQPConsumer?)>(([], [:], nil))
    private let batching = LockedState<Batching?>(nil)

    struct Batching: Sendable {
        let database: PGClient
        let outbox: Outbox
        let maxSize: Int
    }

    public init(
        service: String, endpoint: AMQPEndpoint, publisher: AMQPPublisher, retryDelays: [Duration], prefetch: Int,
        concurrency: Int, logger: Logger
    ) {
        self.service = service
        self.endpoint = endpoint
        self.publisher = publisher
        self.retryDelays = retryDelays
        self.prefetch = prefetch
        self.concurrency = concurrency
        self.logger = logger
    }

    /// Adds middleware for every handler; the first added is the outermost. Call before `add`.
    public func use(_ middleware: any MessageMiddleware...) {
        state.withLock { $0.0.append(contentsOf: middleware) }
    }

    /// Handles messages that arrive together in one transaction (up to `maxSize`), which is how
    /// the platform gets past one commit per message. Needs ``InboxOutbox`` in the middleware.
    public func batch(database: PGClient, outbox: Outbox, maxSize: Int) {
        batching.withLock { $0 = maxSize > 1 ? Batching(database: database, outbox: outbox, maxSize: maxSize) : nil }
    }

    /// Adds a handler consuming `<service>.<event type>`, or the queue given.
    public func add<H: EventHandler>(_ handler: H, queue: String? = nil) {
        let name = "\(service).\(H.self)"
        addRaw(name: name, queue: queue ?? "\(service).\(H.Input.type)", bindings: [H.Input.type], handler.untyped)
    }

    /// Adds an untyped handler (dead-letter tools, benchmarks).
    public func addRaw(name: String, queue: String, bindings: [String], _ handler: @escaping MessageHandlerFunc) {
        state.withLock { s in
            precondition(s.1[queue] == nil, "two handlers for queue \(queue)")
            let consumerQueue = Topology.ConsumerQueue(name: queue, bindings: bindings, retryDelays: retryDelays)
            s.1[queue] = Route(queue: consumerQueue, handler: name, run: s.0.wrap(handler))
        }
    }

    /// Every queue this router consumes, for declaring and exporting the topology.
    public var topology: Topology { Topology(queues: state.withLock { $0.1.values.map(\.queue).sorted { $0.name < $1.name } }) }

    public var isConnected: Bool { state.withLock { $0.2?.isConnected ?? false } }

    public func run() async throws {
        let routes = state.withLock { $0.1 }
        guard !routes.isEmpty else {
            try await gracefulShutdown()
            return
        }
        let topology = self.topology
        let consumer = AMQPConsumer(
            endpoint: endpoint, queues: routes.keys.sorted(), prefetch: prefetch,
            maxBatch: batching.withLock { $0?.maxSize ?? 1 }, name: service, logger: logger,
            setup: { try topology.declare(on: $0) })
        state.withLock { $0.2 = consumer }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await consume(consumer, routes: routes)
            } onGracefulShutdown: {
                consumer.stop()
            }
        } onCancel: {
            consumer.abandon()
        }
        logger.info("router stopped", metadata: ["service": "\(service)"])
    }

    /// Deliveries wait in a buffer until a handler slot is free, and a free slot takes all that wait (up to the
    /// batch size): under load, batches grow and share their transaction; when idle, a message goes at once.
    private func consume(_ consumer: AMQPConsumer, routes: [String: Route]) async {
        let waiting = DeliveryBuffer()
        let maxBatch = batching.withLock { $0?.maxSize ?? 1 }
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await deliveries in consumer.deliveries { waiting.append(deliveries) }
                waiting.finish()
            }
            let limiter = ConcurrencyLimit(concurrency)
            for await _ in waiting.arrivals {
                while true {
                    await limiter.acquire()
                    let deliveries = waiting.take(max: maxBatch)
                    guard !deliveries.isEmpty else {
                        await limiter.release()
                        break
                    }
                    group.addTask {
                        await self.process(deliveries, routes: routes, consumer: consumer)
                        await limiter.release()
                    }
                }
            }
        }
    }

    private func process(_ deliveries: [Delivery], routes: [String: Route], consumer: AMQPConsumer) async {
        guard deliveries.count > 1, let batching = batching.withLock({ $0 }) else {
            for d in deliveries { await process(d, route: routes[d.queue], consumer: consumer) }
            return
        }
        // Messages that cannot be read take the single path, which dead-letters them.
        var items: [(Delivery, Envelope, Route)] = []
        for d in deliveries {
            if let route = routes[d.queue], let envelope = try? Envelope.decode(from: Data(d.body)) {
                items.append((d, envelope, route))
            } else {
                await process(d, route: routes[d.queue], consumer: consumer)
            }
        }
        guard !items.isEmpty else { return }
        // In agency order (arrival order within an agency): handlers that lock a row per agency, such as numbering's
        // register counters, then take their locks in one order in every batch and every copy, so they cannot deadlock.
        items = items.enumerated().sorted { ($0.element.1.agency, $0.offset) < ($1.element.1.agency, $1.offset) }.map(\.element)
        do {
            let published = try await batching.database.withTransaction { tx -> [Envelope] in
                let fresh = try await Inbox.record(
                    items.map { ($0.1.id, $0.2.handler) }, schema: batching.outbox.schema, in: tx)
                let scope = BatchScope(transaction: tx, fresh: fresh)
                var direct: [Envelope] = []
                for (d, envelope, route) in items {
                    var context = self.context(d, envelope, route)
                    context.batch = scope
                    direct += try await route.run(context)
                }
                try await batching.outbox.append(scope.emitted, in: tx)
                return direct
            }
            batching.outbox.committed()
            if !published.isEmpty { try await publisher.publish(published.map(OutboundMessage.init(event:))) }
            for (d, _, _) in items { consumer.ack(d) }
        } catch {
            logger.debug("batch rolled back; handling its messages one by one", metadata: ["error": "\(error)"])
            for (d, _, route) in items { await process(d, route: route, consumer: consumer) }
        }
    }

    private func context(_ delivery: Delivery, _ envelope: Envelope, _ route: Route) -> MessageContext {
        var logger = self.logger
        logger[metadataKey: "queue"] = "\(delivery.queue)"
        return MessageContext(
            envelope: envelope, delivery: delivery, handler: route.handler, service: service,
            attempt: Int(delivery.headers[DeadLetterHeaders.attempts]?.intValue ?? 0) + 1, logger: logger)
    }

    private func process(_ delivery: Delivery, route: Route?, consumer: AMQPConsumer) async {
        let attempt = Int(delivery.headers[DeadLetterHeaders.attempts]?.intValue ?? 0) + 1
        var logger = self.logger
        logger[metadataKey: "queue"] = "\(delivery.queue)"
        do {
            guard let route else { throw PermanentError("no handler for queue \(delivery.queue)") }
            let envelope: Envelope
            do { envelope = try Envelope.decode(from: Data(delivery.body)) } catch {
                try await RetryPolicy.deadLetter(
                    delivery, error: error, errorClass: .permanent, attempts: attempt, service: service,
                    handler: route.handler, publisher: publisher)
                logger.error("not an envelope; dead-lettered", metadata: ["error": "\(error)"])
                consumer.ack(delivery)
                return
            }
            let emitted = try await route.run(context(delivery, envelope, route))
            if !emitted.isEmpty { try await publisher.publish(emitted.map(OutboundMessage.init(event:))) }
            consumer.ack(delivery)
        } catch {
            logger.error("message could not be settled; requeued", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: .seconds(1))
            consumer.reject(delivery, requeue: true)
        }
    }
}

extension OutboundMessage {
    /// An event for the events exchange, routed by its type.
    public init(event e: Envelope) throws {
        self.init(
            exchange: Topology.eventsExchange, routingKey: e.type, body: Array(try e.encoded()),
            messageId: e.id.uuidString.lowercased(), type: e.type, correlationId: e.correlationId.uuidString.lowercased())
    }
}
