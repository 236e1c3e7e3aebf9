import Contracts
import Foundation
import Metrics

/// Puts the message's ids on every log line of its handling, keeps the flow's correlation id on
/// what the handler emits, and records consumed/failed counts and handler latency.
public struct Correlation: MessageMiddleware {
    public init() {}

    public func handle(_ context: MessageContext, next: MessageHandlerFunc) async throws -> [Envelope] {
        var context = context
        context.logger[metadataKey: "message_id"] = "\(context.envelope.id)"
        context.logger[metadataKey: "correlation_id"] = "\(context.envelope.correlationId)"
        if let causation = context.envelope.causationId { context.logger[metadataKey: "causation_id"] = "\(causation)" }
        context.logger[metadataKey: "handler"] = "\(context.handler)"
        context.logger[metadataKey: "attempt"] = "\(context.attempt)"
        let dimensions = [("queue", context.delivery.queue)]
        let started = ContinuousClock.now
        defer { Timer(label: "qlvb_handler_duration_seconds", dimensions: dimensions).recordInterval(since: started) }
        do {
            let emitted = try await next(context).map { e -> Envelope in
                var e = e
                if e.causationId == nil && e.id != context.envelope.id {
                    e.correlationId = context.envelope.correlationId
                    e.causationId = context.envelope.id
                }
                return e
            }
            Counter(label: "qlvb_messages_consumed_total", dimensions: dimensions).increment()
            context.logger.debug("handled", metadata: ["emitted": "\(emitted.map(\.type))"])
            return emitted
        } catch {
            Counter(label: "qlvb_messages_failed_total", dimensions: dimensions).increment()
            context.logger.warning("handler failed", metadata: ["error": "\(error)"])
            throw error
        }
    }
}

extension Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let (s, a) = (ContinuousClock.now - start).components
        recordNanoseconds(s * 1_000_000_000 + a / 1_000_000_000)
    }
}
