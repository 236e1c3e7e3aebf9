import AMQP
import Storage

/// The platform's delivery policy: the middleware every service's router runs, in this order (outermost first):
///
/// 1. ``Correlation``: log context (message, correlation and causation ids), consumed/failed counts, latency;
/// 2. ``RetryPolicy``: bounded retries through the delay queues, then the dead-letter queue with the reason;
/// 3. ``InboxOutbox``: one transaction with the inbox record (idempotency) and the outbox rows.
///
/// Services get it from `ServiceRuntime`; test harnesses and benchmarks call the same function, so what they test
/// and measure is what runs in production, and a change of order is tested.
public enum DeliveryPolicy {
    public static func middleware(
        database: PGClient, outbox: Outbox, retryDelays: [Duration], publisher: AMQPPublisher
    ) -> [any MessageMiddleware] {
        [Correlation(), RetryPolicy(delays: retryDelays, publisher: publisher), InboxOutbox(database: database, outbox: outbox)]
    }
}

extension MessageRouter {
    /// Installs the platform's delivery policy (``DeliveryPolicy``) with this router's retry delays and publisher, and
    /// handles up to `batchSize` messages that arrive together in one transaction. Call before adding handlers.
    /// - Parameter outermost: middleware placed outside the policy (tests that crash a worker after the commit).
    public func useDeliveryPolicy(
        database: PGClient, outbox: Outbox, batchSize: Int, outermost: [any MessageMiddleware] = []
    ) {
        let policy = DeliveryPolicy.middleware(database: database, outbox: outbox, retryDelays: retryDelays, publisher: publisher)
        for m in outermost + policy { use(m) }
        batch(maxSize: batchSize)
    }
}
