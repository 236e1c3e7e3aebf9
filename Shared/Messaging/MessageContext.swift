import AMQP
import Contracts
import Foundation
import Logging
import Storage

/// What a handler and its middleware know about the message being handled.
public struct MessageContext: Sendable {
    public let envelope: Envelope
    public let delivery: Delivery
    /// `<service>.<HandlerType>`, used in logs, metrics and the inbox.
    public let handler: String
    public let service: String
    /// 1 for the first try; counts retries through the delay queues.
    public let attempt: Int
    public var logger: Logger
    /// The transaction the inbox/outbox middleware opened; the handler's writes go in it so they
    /// commit together with the inbox record and the emitted events.
    public var transaction: PGTransaction?
    /// Set when the message is handled in a batch transaction with others.
    public var batch: BatchScope?

    public init(
        envelope: Envelope, delivery: Delivery, handler: String, service: String, attempt: Int, logger: Logger,
        transaction: PGTransaction? = nil
    ) {
        self.envelope = envelope
        self.delivery = delivery
        self.handler = handler
        self.service = service
        self.attempt = attempt
        self.logger = logger
        self.transaction = transaction
    }

    /// An envelope for an event caused by this message: same flow (correlation), caused by it.
    public func emit<E: Event>(_ event: E, agency: String? = nil, now: Date = Date()) throws -> Envelope {
        try Envelope(
            event, occurredAt: now, correlationId: envelope.correlationId, causationId: envelope.id,
            agency: agency ?? envelope.agency)
    }

    /// The handler's transaction; a programming error if the inbox/outbox middleware is missing.
    public func requireTransaction() throws -> PGTransaction {
        guard let transaction else {
            throw PermanentError("\(handler) needs the inbox/outbox middleware to open a transaction")
        }
        return transaction
    }
}
