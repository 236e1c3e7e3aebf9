import AMQP
import Contracts
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Consumes a service's queues and runs each message through the middleware to its handler.
///
/// One delivery policy for every message: a message alone, a batch of messages that arrived
/// together, and a message that is not even an envelope all go through the same middleware chain
/// (``DeliveryPolicy``: correlation, retry/dead-letter, inbox/outbox), so each of those is written
/// once. On success the router publishes whatever the chain still returns (handlers without a
/// database) and then acks; with ``InboxOutbox`` the events are already in the outbox and the ack
/// follows the commit. A batch that fails is rolled back whole and its messages run again one by
/// one, so a bad message cannot harm the others. A failure that escapes the chain (the retry
/// policy could not reach the broker) is requeued after a pause. Graceful shutdown stops
/// consuming, finishes the messages in hand and returns.
public final class MessageRouter: Service, Sendable {
    struct Route: Sendable {
        let queue: Topology.ConsumerQueue
        let handler: String
        /// The handler inside the middleware chain.
        let run: MessageHandlerFunc
        /// A handler that refuses the message for `error`, inside the same chain (for a body that is no envelope).
        let refuse: @Sendable (any Error) -> MessageHandlerFunc
    }

    public let service: String
    private let endpoint: AMQPEndpoint
    let publisher: AMQPPublisher
    let retryDelays: [Duration]
    private let prefetch: Int
    private let concurrency: Int
    private let logger: Logger
    private let state = LockedState<([any MessageMiddleware], [String: Route], AMQPConsumer?)>(([], [:], nil))
    private let maxBatch = LockedState<Int>(1)

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
    /// Services and their test harnesses call ``useDeliveryPolicy(database:outbox:batchSize:)`` instead.
    public func use(_ middleware: any MessageMiddleware...) {
        state.withLock { $0.0.append(contentsOf: middleware) }
    }

    /// Handles up to `maxSize` messages that arrive together in one go: the middleware's `handle(batch:)` wraps
    /// them (``InboxOutbox`` in one transaction), which is how the platform gets past one commit per message.
    public func batch(maxSize: Int) {
        maxBatch.withLock { $0 = max(1, maxSize) }
    }

    /// Adds a handler consuming `<service>.<event type>`, or the queue given. Its name, `<service>.<TypeName>`
    /// unless `name` keeps an older one, keys the inbox.
    public func add<H: EventHandler>(_ handler: H, queue: String? = nil, bindings: [String]? = nil, name: String? = nil) {
        addRaw(
            name: "\(service).\(name ?? String(describing: H.self))", queue: queue ?? "\(service).\(H.Input.type)",
            bindings: bindings ?? [H.Input.type], handler.untyped)
    }

    /// Adds an untyped handler (dead-letter tools, benchmarks).
    public func addRaw(name: String, queue: String, bindings: [String], _ handler: @escaping MessageHandlerFunc) {
        state.withLock { s in
            precondition(s.1[queue] == nil, "two handlers for queue \(queue)")
            let consumerQueue = Topology.ConsumerQueue(name: queue, bindings: bindings, retryDelays: retryDelays)
            let middleware = s.0
            s.1[queue] = Route(
                queue: consumerQueue, handler: name, run: middleware.wrap(handler),
                refuse: { error in middleware.wrap { _ in throw PermanentError("not an envelope: \(error)") } })
        }
    }

    /// Every queue this router consumes, for declaring and exporting the topology.
    public var topology: Topology { Topology(queues: state.withLock { $0.1.values.map(\.queue).sorted { $0.name < $1.name } }) }

    public var isConnected: Bool { state.withLock { $0.2?.isConnected ?? false } }

    public func run() async throws {
        let (middleware, routes) = state.withLock { ($0.0, $0.1) }
        guard !routes.isEmpty else {
            try await gracefulShutdown()
            return
        }
        let topology = self.topology
        let maxBatch = self.maxBatch.withLock { $0 }
        let consumer = AMQPConsumer(
            endpoint: endpoint, queues: routes.keys.sorted(), prefetch: prefetch, maxBatch: maxBatch, name: service,
            logger: logger, setup: { try topology.declare(on: $0) })
        state.withLock { $0.2 = consumer }
        // The innermost step of a batch runs each message through its own handler's chain, in order.
        let batchChain = middleware.wrap(batch: { contexts in
            var direct: [Envelope] = []
            for context in contexts {
                guard let route = routes[context.delivery.queue] else { continue }
                direct += try await route.run(context)
            }
            return direct
        })
        let run = Run(routes: routes, batch: batchChain, consumer: consumer, maxBatch: maxBatch)
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await consume(run)
            } onGracefulShutdown: {
                consumer.stop()
            }
        } onCancel: {
            consumer.abandon()
        }
        logger.info("router stopped", metadata: ["service": "\(service)"])
    }

    /// What one `run` works with, fixed when it starts.
    struct Run: Sendable {
        let routes: [String: Route]
        let batch: BatchHandlerFunc
        let consumer: AMQPConsumer
        let maxBatch: Int
    }

    /// Deliveries wait in a buffer until a handler slot is free, and a free slot takes all that wait (up to the
    /// batch size): under load, batches grow and share their transaction; when idle, a message goes at once.
    private func consume(_ run: Run) async {
        let waiting = DeliveryBuffer()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await deliveries in run.consumer.deliveries { waiting.append(deliveries) }
                waiting.finish()
            }
            let limiter = ConcurrencyLimit(concurrency)
            for await _ in waiting.arrivals {
                while true {
                    await limiter.acquire()
                    let deliveries = waiting.take(max: run.maxBatch)
                    guard !deliveries.isEmpty else {
                        await limiter.release()
                        break
                    }
                    group.addTask {
                        await self.process(deliveries, run)
                        await limiter.release()
                    }
                }
            }
        }
    }

    private func process(_ deliveries: [Delivery], _ run: Run) async {
        guard deliveries.count > 1 else {
            for d in deliveries { await process(d, run) }
            return
        }
        // A message that cannot be read goes alone, to be refused by the chain (dead-lettered, body intact).
        var contexts: [MessageContext] = []
        for d in deliveries {
            if let route = run.routes[d.queue], let envelope = try? Envelope.decode(from: Data(d.body)) {
                contexts.append(context(d, envelope, route))
            } else {
                await process(d, run)
            }
        }
        guard !contexts.isEmpty else { return }
        // In agency order (arrival order within an agency): handlers that lock a row per agency, such as numbering's
        // register counters, then take their locks in one order in every batch and every copy, so they cannot deadlock.
        contexts = contexts.enumerated()
            .sorted { ($0.element.envelope.agency, $0.offset) < ($1.element.envelope.agency, $1.offset) }.map(\.element)
        do {
            let published = try await run.batch(contexts)
            if !published.isEmpty { try await publisher.publish(published.map(OutboundMessage.init(event:))) }
            for c in contexts { run.consumer.ack(c.delivery) }
        } catch {
            logger.debug("batch rolled back; handling its messages one by one", metadata: ["error": "\(error)"])
            for c in contexts { await process(c.delivery, run) }
        }
    }

    private func context(_ delivery: Delivery, _ envelope: Envelope, _ route: Route) -> MessageContext {
        var logger = self.logger
        logger[metadataKey: "queue"] = "\(delivery.queue)"
        return MessageContext(
            envelope: envelope, delivery: delivery, handler: route.handler, service: service,
            attempt: Int(delivery.headers[DeadLetterHeaders.attempts]?.intValue ?? 0) + 1, logger: logger)
    }

    private func process(_ delivery: Delivery, _ run: Run) async {
        do {
            guard let route = run.routes[delivery.queue] else { throw PermanentError("no handler for queue \(delivery.queue)") }
            let emitted: [Envelope]
            switch Result(catching: { try Envelope.decode(from: Data(delivery.body)) }) {
            case .success(let envelope):
                emitted = try await route.run(context(delivery, envelope, route))
            case .failure(let error):
                // Not an envelope: a stand-in carries it through the same chain to a handler that refuses it.
                emitted = try await route.refuse(error)(context(delivery, Self.unreadable(delivery), route))
            }
            if !emitted.isEmpty { try await publisher.publish(emitted.map(OutboundMessage.init(event:))) }
            run.consumer.ack(delivery)
        } catch {
            var logger = self.logger
            logger[metadataKey: "queue"] = "\(delivery.queue)"
            logger.error("message could not be settled; requeued", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: .seconds(1))
            run.consumer.reject(delivery, requeue: true)
        }
    }

    /// The stand-in envelope of a body that is no envelope: a fresh id (so no inbox entry can hide it), the type the
    /// publisher claimed, no payload. Only the middleware sees it; the handler that follows refuses it.
    static func unreadable(_ delivery: Delivery) -> Envelope {
        let id = UUID()
        return Envelope(id: id, type: delivery.type ?? "unreadable", version: 0, correlationId: id, agency: "", payload: .null)
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
