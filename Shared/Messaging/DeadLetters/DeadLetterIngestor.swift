import AMQP
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Takes the service's dead letters off its `.dlq` queues into its ``DeadLetterStore``, acking
/// each only after it is committed there, and keeps the waiting count per queue as a gauge
/// (`qlvb_dead_letters_waiting`) so alerts fire on the store, where admins act.
public final class DeadLetterIngestor: Service, Sendable {
    let store: DeadLetterStore
    let endpoint: AMQPEndpoint
    let topology: @Sendable () -> Topology
    let logger: Logger
    let gaugeInterval: Duration

    public init(store: DeadLetterStore, endpoint: AMQPEndpoint, topology: @escaping @Sendable () -> Topology, gaugeInterval: Duration = .seconds(15), logger: Logger) {
        self.store = store
        self.endpoint = endpoint
        self.topology = topology
        self.gaugeInterval = gaugeInterval
        self.logger = logger
    }

    public func run() async throws {
        let topology = self.topology()
        guard !topology.queues.isEmpty else {
            try await gracefulShutdown()
            return
        }
        let consumer = AMQPConsumer(
            endpoint: endpoint, queues: topology.queues.map(\.deadLetterQueue), prefetch: 50, name: "\(store.schema)-dlq",
            logger: logger, setup: { try topology.declare(on: $0) })
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await self.consume(consumer) }
                    group.addTask { await self.updateGauges(queues: topology.queues.map(\.name)) }
                    await group.next()
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                consumer.stop()
            }
        } onCancel: {
            consumer.abandon()
        }
    }

    private func consume(_ consumer: AMQPConsumer) async {
        for await deliveries in consumer.deliveries {
            for d in deliveries {
                do {
                    if try await store.ingest(d) {
                        logger.warning("dead letter stored", metadata: [
                            "queue": "\(d.deadLetterOrigin)", "type": "\(d.type ?? "?")", "error": "\(d.deadLetterError)",
                        ])
                    }
                    consumer.ack(d)
                } catch {
                    // The store is unreachable: the dead letter stays in its queue for later.
                    logger.error("dead letter could not be stored; left in its queue", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(2))
                    consumer.reject(d, requeue: true)
                }
            }
        }
    }

    private func updateGauges(queues: [String]) async {
        while !Task.isCancelled {
            if let counts = try? await store.waitingCounts() {
                for q in Set(queues).union(counts.keys) {
                    Gauge(label: "qlvb_dead_letters_waiting", dimensions: [("queue", q)]).record(counts[q] ?? 0)
                }
            }
            try? await Task.sleep(for: gaugeInterval)
        }
    }
}

extension DeadLetterStore {
    /// Waiting dead letters per original queue.
    public func waitingCounts() async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try await database.query("""
            SELECT original_queue, count(*) AS n FROM \(identifier: schema).dead_letters WHERE state = 'dead' GROUP BY original_queue
            """).rows {
            out[try row.decode(String.self, "original_queue")] = try row.decode(Int.self, "n")
        }
        return out
    }
}
