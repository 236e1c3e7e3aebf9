import Foundation
import Logging

/// Consumes queues with manual acks and bounded prefetch on a connection of its own, on a
/// thread of its own, reconnecting after any failure.
///
/// Deliveries come out of ``deliveries`` in batches of what arrived together (at most
/// `maxBatch`), so a caller can handle them in one database transaction; each must be settled with ``ack(_:)`` or
/// ``reject(_:requeue:)``. Settlements are carried out by the connection's thread; one for a
/// delivery of a connection that has since been lost is dropped, since the broker redelivers it.
public final class AMQPConsumer: Sendable {
    private enum Settlement { case ack, reject(requeue: Bool) }

    private struct State {
        var settlements: [(Delivery, Settlement)] = []
        var stopping = false
        var abandoning = false
        var connected = false
    }

    public let deliveries: AsyncStream<[Delivery]>
    private let continuation: AsyncStream<[Delivery]>.Continuation
    private let maxBatch: Int
    private let endpoint: AMQPEndpoint
    private let queues: [String]
    private let prefetch: Int
    private let setup: @Sendable (AMQPConnection) throws -> Void
    private let logger: Logger
    private let shared = Guarded(State())
    private let wakeup = Wakeup()

    /// - Parameter setup: runs on every (re)connection before consuming, e.g. to declare topology.
    public init(
        endpoint: AMQPEndpoint, queues: [String], prefetch: Int, maxBatch: Int = 1, name: String, logger: Logger,
        setup: @escaping @Sendable (AMQPConnection) throws -> Void = { _ in }
    ) {
        (deliveries, continuation) = AsyncStream.makeStream(of: [Delivery].self)
        self.maxBatch = max(1, maxBatch)
        self.endpoint = endpoint
        self.queues = queues
        self.prefetch = prefetch
        self.setup = setup
        self.logger = logger
        startThread(name: "amqp-sub-\(name)") { [self] in run() }
    }

    public var isConnected: Bool { shared.withLock { $0.connected } }

    public func ack(_ delivery: Delivery) {
        shared.withLock { $0.settlements.append((delivery, .ack)) }
        wakeup.signal()
    }

    public func reject(_ delivery: Delivery, requeue: Bool) {
        shared.withLock { $0.settlements.append((delivery, .reject(requeue: requeue))) }
        wakeup.signal()
    }

    /// Stops taking new deliveries; the stream ends once every delivery handed out is settled.
    public func stop() {
        shared.withLock { $0.stopping = true }
        wakeup.signal()
    }

    /// Closes at once; deliveries not yet settled are redelivered by the broker to another consumer.
    public func abandon() {
        shared.withLock { $0.stopping = true; $0.abandoning = true }
        wakeup.signal()
    }

    // MARK: - The connection's thread

    private func run() {
        var connection: AMQPConnection?
        var generation = 0
        var inFlight = 0
        var cancelled = false
        var tags: [String: String] = [:]
        var backoff = Backoff()

        while true {
            let (settlements, stopping, abandoning) = shared.withLock { s -> ([(Delivery, Settlement)], Bool, Bool) in
                defer { s.settlements.removeAll() }
                return (s.settlements, s.stopping, s.abandoning)
            }
            if (stopping && connection == nil) || abandoning {
                connection?.close()
                break
            }
            if connection == nil {
                do {
                    let c = try AMQPConnection(endpoint: endpoint)
                    try setup(c)
                    try c.qos(prefetch: prefetch)
                    generation += 1
                    tags = [:]
                    for q in queues {
                        let tag = "\(q)#\(generation)"
                        try c.consume(queue: q, consumerTag: tag)
                        tags[tag] = q
                    }
                    connection = c
                    inFlight = 0
                    cancelled = false
                    backoff.reset()
                    shared.withLock { $0.connected = true }
                    logger.info("consumer connected", metadata: ["broker": "\(endpoint)", "queues": "\(queues)"])
                } catch {
                    logger.warning("consumer cannot connect; retrying", metadata: ["error": "\(error)"])
                    Thread.sleep(forTimeInterval: backoff.next())
                }
                continue
            }
            guard let c = connection else { continue }
            do {
                for (d, s) in settlements where d.connectionGeneration == generation {
                    switch s {
                    case .ack: try c.ack(d.deliveryTag)
                    case .reject(let requeue): try c.reject(d.deliveryTag, requeue: requeue)
                    }
                    inFlight -= 1
                }
                if stopping && !cancelled {
                    for tag in tags.keys { try c.cancel(consumerTag: tag) }
                    cancelled = true
                }
                if stopping && inFlight <= 0 {
                    // Anything rabbitmq-c already buffered is redelivered by the broker after close.
                    c.close()
                    connection = nil
                    break
                }
                // Take what has arrived, without waiting; then sleep until the broker sends more or a
                // handler settles a delivery (the wake-up pipe), so acks go out at once without spinning.
                var batch: [Delivery] = []
                while batch.count < maxBatch, var raw = try c.nextDelivery(timeout: .zero, generation: generation) {
                    if cancelled {
                        try c.reject(raw.delivery.deliveryTag, requeue: true)
                        continue
                    }
                    raw.delivery.queue = tags[raw.consumerTag] ?? raw.consumerTag
                    batch.append(raw.delivery)
                }
                if !batch.isEmpty {
                    inFlight += batch.count
                    continuation.yield(batch)
                } else if settlements.isEmpty {
                    c.sleep(until: wakeup, timeout: .milliseconds(250))
                }
            } catch {
                logger.warning("consumer connection lost; unacked deliveries will be redelivered",
                               metadata: ["error": "\(error)", "in_flight": "\(inFlight)"])
                c.close()
                connection = nil
                shared.withLock { $0.connected = false }
                if !stopping { Thread.sleep(forTimeInterval: backoff.next()) }
            }
        }
        shared.withLock { $0.connected = false }
        continuation.finish()
    }
}
