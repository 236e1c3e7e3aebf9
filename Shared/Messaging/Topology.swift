import AMQP
import Foundation

/// The broker topology, declared from code on every (re)connection and exported to `infra/`.
///
/// One topic exchange carries every event, routed by its type. Each consumer has a durable quorum
/// queue `<service>.<event type>`, a dead-letter queue `<queue>.dlq`, and one delay queue per
/// retry step `<queue>.retry.<delay>` whose messages expire back into the consumer queue.
public struct Topology: Sendable {
    public static let eventsExchange = "qlvb.events"
    /// Redeliveries (crashes mid-message) after which the broker moves a message to its DLQ.
    public static let deliveryLimit = 10

    public struct ConsumerQueue: Sendable, Hashable {
        public var name: String
        /// Routing keys (event types) bound to the events exchange.
        public var bindings: [String]
        public var retryDelays: [Duration]

        public init(name: String, bindings: [String], retryDelays: [Duration]) {
            self.name = name
            self.bindings = bindings
            self.retryDelays = retryDelays
        }

        public var deadLetterQueue: String { Topology.deadLetterQueue(of: name) }
        public func retryQueue(step: Int) -> String { "\(name).retry.\(Topology.label(retryDelays[step]))" }
    }

    public var queues: [ConsumerQueue]

    public init(queues: [ConsumerQueue] = []) { self.queues = queues }

    public static func deadLetterQueue(of queue: String) -> String { "\(queue).dlq" }

    /// Declares the exchange and every queue. Idempotent; a mismatch with an existing queue's
    /// arguments is refused by the broker with PRECONDITION_FAILED.
    public func declare(on connection: AMQPConnection) throws {
        try connection.declareExchange(Self.eventsExchange, type: "topic")
        for q in queues {
            for (name, arguments) in Self.queueArguments(q) { try connection.declareQueue(name, arguments: arguments) }
            for key in q.bindings { try connection.bindQueue(q.name, exchange: Self.eventsExchange, routingKey: key) }
        }
    }

    /// Every queue of a consumer with its arguments, main queue first.
    public static func queueArguments(_ q: ConsumerQueue) -> [(String, AMQPTable)] {
        // At-least-once dead-lettering needs reject-publish overflow (RabbitMQ 3.10+).
        let safe: AMQPTable = [
            "x-queue-type": .string("quorum"), "x-dead-letter-strategy": .string("at-least-once"),
            "x-overflow": .string("reject-publish"), "x-dead-letter-exchange": .string(""),
        ]
        var main = safe
        main["x-dead-letter-routing-key"] = .string(q.deadLetterQueue)
        main["x-delivery-limit"] = .int(Int64(deliveryLimit))
        var result: [(String, AMQPTable)] = [(q.name, main), (q.deadLetterQueue, ["x-queue-type": .string("quorum")])]
        for step in q.retryDelays.indices {
            var delay = safe
            delay["x-dead-letter-routing-key"] = .string(q.name)
            delay["x-message-ttl"] = .int(milliseconds(q.retryDelays[step]))
            result.append((q.retryQueue(step: step), delay))
        }
        return result
    }

    static func milliseconds(_ d: Duration) -> Int64 {
        let (s, a) = d.components
        return s * 1000 + a / 1_000_000_000_000_000
    }

    /// `1s`, `10s`, `500ms`, `2m`: short labels for queue names.
    static func label(_ d: Duration) -> String {
        let ms = milliseconds(d)
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }
}
