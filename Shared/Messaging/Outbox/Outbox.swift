import AMQP
import Contracts
import Foundation
import Storage

/// A service's transactional outbox: events written in the same transaction as the state change
/// that caused them, published afterwards by the ``OutboxRelay``.
public struct Outbox: Sendable {
    public let schema: String
    /// Woken after a commit so events go out at once rather than at the next poll.
    public let relay: OutboxRelay?

    public init(schema: String, relay: OutboxRelay? = nil) {
        self.schema = schema
        self.relay = relay
    }

    /// Writes events to the outbox inside the caller's transaction, in one statement.
    public func append(_ envelopes: [Envelope], in tx: PGTransaction) async throws {
        guard !envelopes.isEmpty else { return }
        let bodies = try envelopes.map { String(decoding: try $0.encoded(), as: UTF8.self) }
        _ = try await tx.query(PGQuery(
            unsafeSQL: """
                INSERT INTO \(PGQuery.quoteIdentifier(schema)).outbox (message_id, exchange, routing_key, type, correlation_id, body)
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[])
                """,
            binds: [
                PGArray.literal(envelopes.map { $0.id.uuidString.lowercased() }),
                PGArray.literal(envelopes.map { _ in Topology.eventsExchange }),
                PGArray.literal(envelopes.map(\.type)), PGArray.literal(envelopes.map(\.type)),
                PGArray.literal(envelopes.map { $0.correlationId.uuidString.lowercased() }), PGArray.literal(bodies),
            ]))
    }

    /// Writes an event to the outbox inside the caller's transaction (for HTTP actions).
    public func append<E: Event>(_ event: E, agency: String, correlationId: UUID? = nil, in tx: PGTransaction) async throws {
        try await append([Envelope(event, correlationId: correlationId, agency: agency)], in: tx)
    }

    /// Tells the relay there is something to publish; call after the transaction committed.
    public func committed() { relay?.wake() }
}
