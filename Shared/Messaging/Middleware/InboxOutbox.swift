import Contracts
import Metrics
import Storage

/// Runs the handler in one database transaction with the inbox record and the outbox rows.
///
/// The message id goes into the service's inbox first; when it is already there the message was
/// handled before (a redelivery after a crash before the ack) and the handler does not run again.
/// The events the handler returns are written to the outbox in the same transaction, so the state
/// change and its events commit together; the relay publishes them afterwards.
///
/// The transaction is a ``UnitOfWork``, the same as a user action's.
///
/// Messages that arrived together share one transaction (one commit, one fsync): `handle(batch:)`
/// opens it and records every inbox entry in one statement, each message's `handle` then claims its
/// entry and collects its events, and the outbox gets them all in one statement before the commit.
public struct InboxOutbox: MessageMiddleware {
    let outbox: Outbox
    /// The same unit of work as a user action's: transaction, outbox rows, relay woken after the commit.
    let unit: UnitOfWork

    public init(database: PGClient, outbox: Outbox) {
        self.outbox = outbox
        unit = UnitOfWork(database: database, outbox: outbox)
    }

    public func handle(_ context: MessageContext, next: MessageHandlerFunc) async throws -> [Envelope] {
        if let batch = context.batch {
            guard batch.claim(context.envelope.id, handler: context.handler) else {
                duplicate(context)
                return []
            }
            var context = context
            context.transaction = batch.transaction
            batch.collect(try await next(context))
            return []
        }
        let schema = outbox.schema
        let firstTime = try await unit.run { tx, events -> Bool in
            guard try await Inbox.record(context.envelope.id, handler: context.handler, schema: schema, in: tx) else {
                return false
            }
            var context = context
            context.transaction = tx
            events.emit(try await next(context))
            return true
        }
        if !firstTime { duplicate(context) }
        return []
    }

    public func handle(batch: [MessageContext], next: BatchHandlerFunc) async throws -> [Envelope] {
        let schema = outbox.schema
        return try await unit.run { tx, events -> [Envelope] in
            let fresh = try await Inbox.record(batch.map { ($0.envelope.id, $0.handler) }, schema: schema, in: tx)
            let scope = BatchScope(transaction: tx, fresh: fresh)
            let direct = try await next(batch.map { context in
                var context = context
                context.batch = scope
                return context
            })
            events.emit(scope.emitted)
            return direct
        }
    }

    private func duplicate(_ context: MessageContext) {
        Counter(label: "qlvb_messages_duplicate_total", dimensions: [("queue", context.delivery.queue)]).increment()
        context.logger.info("already handled; acknowledged without effect")
    }
}
