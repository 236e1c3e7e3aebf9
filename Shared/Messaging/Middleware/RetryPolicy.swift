import AMQP
import Contracts
import Foundation
import Metrics

/// Bounded retries with back-off, then the dead-letter queue.
///
/// A transient failure goes to the consumer's delay queue for its attempt (1 s, 10 s, 60 s by
/// default), from which the broker returns it to the consumer queue. A permanent failure, or a
/// transient one past the last delay, goes to `<queue>.dlq` with headers saying why. Either way the
/// copy is publish-confirmed before the original is acked, so nothing is lost in between.
public struct RetryPolicy: MessageMiddleware {
    let delays: [Duration]
    let publisher: AMQPPublisher

    public init(delays: [Duration], publisher: AMQPPublisher) {
        self.delays = delays
        self.publisher = publisher
    }

    public func handle(_ context: MessageContext, next: MessageHandlerFunc) async throws -> [Envelope] {
        // In a batch a failure rolls back the whole batch; the router then runs each message alone through this
        // same chain, and this policy decides for that message.
        if context.batch != nil { return try await next(context) }
        do {
            return try await next(context)
        } catch {
            let errorClass = ErrorClass.of(error)
            let queue = context.delivery.queue
            if errorClass == .transient && context.attempt <= delays.count {
                let step = context.attempt - 1
                let target = Topology.ConsumerQueue(name: queue, bindings: [], retryDelays: delays).retryQueue(step: step)
                try await publisher.publish(Self.copy(of: context.delivery, to: target, headers: [
                    DeadLetterHeaders.attempts: .int(Int64(context.attempt)),
                    DeadLetterHeaders.lastError: .string(String(describing: error)),
                ]))
                Counter(label: "qlvb_messages_retried_total", dimensions: [("queue", queue)]).increment()
                context.logger.info("retrying later", metadata: ["delay": "\(delays[step])", "error": "\(error)"])
            } else {
                try await Self.deadLetter(
                    context.delivery, error: error, errorClass: errorClass, attempts: context.attempt,
                    service: context.service, handler: context.handler, publisher: publisher)
                context.logger.error("dead-lettered", metadata: ["error": "\(error)", "class": "\(errorClass.rawValue)"])
            }
            return []
        }
    }

    /// Moves a delivery to its queue's DLQ, body intact, with the dead-letter headers.
    public static func deadLetter(
        _ delivery: Delivery, error: any Error, errorClass: ErrorClass, attempts: Int, service: String,
        handler: String, publisher: AMQPPublisher, now: Date = Date()
    ) async throws {
        try await publisher.publish(copy(of: delivery, to: Topology.deadLetterQueue(of: delivery.queue), headers: [
            DeadLetterHeaders.originalQueue: .string(delivery.queue),
            DeadLetterHeaders.attempts: .int(Int64(attempts)),
            DeadLetterHeaders.lastError: .string(String(describing: error)),
            DeadLetterHeaders.errorClass: .string(errorClass.rawValue),
            DeadLetterHeaders.service: .string(service),
            DeadLetterHeaders.handler: .string(handler),
            DeadLetterHeaders.failedAt: .string(ContractCoding.formatTimestamp(now)),
        ]))
        Counter(label: "qlvb_messages_dead_lettered_total", dimensions: [("queue", delivery.queue)]).increment()
    }

    /// The same message, addressed to a queue through the default exchange, with extra headers.
    static func copy(of d: Delivery, to queue: String, headers extra: AMQPTable) -> OutboundMessage {
        OutboundMessage(
            exchange: "", routingKey: queue, body: d.body, messageId: d.messageId, type: d.type,
            correlationId: d.correlationId, contentType: d.contentType ?? "application/json",
            headers: d.headers.merging(extra) { _, new in new })
    }
}
