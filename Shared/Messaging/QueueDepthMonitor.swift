import AMQP
import Dispatch
import Logging
import Metrics
import ServiceLifecycle

/// Publishes how full a service's queues are: `qlvb_queue_messages{queue}` (ready messages) and
/// `qlvb_queue_consumers{queue}`, for the main, retry and dead-letter queues alike.
///
/// Reads them with passive declares on a connection of its own, so a slow or refused read never
/// touches the consumer's channel. A queue not declared yet (the router declares on connect) is
/// skipped until it exists; a broker that is away is tried again at the next interval.
public final class QueueDepthMonitor: Service, @unchecked Sendable {
    private let endpoint: AMQPEndpoint
    public let queues: [String]
    private let interval: Duration
    private let logger: Logger
    /// rabbitmq-c is blocking and single-threaded: the connection lives on this serial queue only.
    private let worker = DispatchQueue(label: "qlvb.queue-depth")
    private var connection: AMQPConnection?

    public init(endpoint: AMQPEndpoint, queues: [String], interval: Duration = .seconds(15), logger: Logger) {
        self.endpoint = endpoint
        self.queues = queues
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        guard !queues.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        let interval = self.interval
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = await self.sample()
                try await Task.sleep(for: interval)
            }
        }
        await onWorker { $0.closeConnection() }
    }

    /// Reads every queue once and records the gauges. Returns what it could read.
    @discardableResult
    public func sample() async -> [String: QueueCounts] {
        await onWorker { $0.sampleOnWorker() }
    }

    private func onWorker<T: Sendable>(_ body: @escaping @Sendable (QueueDepthMonitor) -> T) async -> T {
        await withCheckedContinuation { c in worker.async { c.resume(returning: body(self)) } }
    }

    private func sampleOnWorker() -> [String: QueueCounts] {
        var read: [String: QueueCounts] = [:]
        for queue in queues {
            do {
                let c = try connection ?? AMQPConnection(endpoint: endpoint)
                connection = c
                let counts = try c.queueCounts(queue)
                Gauge(label: "qlvb_queue_messages", dimensions: [("queue", queue)]).record(counts.messages)
                Gauge(label: "qlvb_queue_consumers", dimensions: [("queue", queue)]).record(counts.consumers)
                read[queue] = counts
            } catch AMQPError.closedByBroker(let code, let text) {
                // Usually 404: not declared yet. The broker closed the channel; reconnect for the next queue.
                logger.debug("queue depth not readable", metadata: ["queue": "\(queue)", "code": "\(code)", "error": "\(text)"])
                closeConnection()
            } catch {
                logger.warning("cannot read queue depths; will retry", metadata: ["error": "\(error)"])
                closeConnection()
                break
            }
        }
        return read
    }

    private func closeConnection() {
        connection?.close()
        connection = nil
    }
}
