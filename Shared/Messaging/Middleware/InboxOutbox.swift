import Contracts
import Metrics
import Storage

/// Runs the handler in one database transaction with the inbox record and the outbox rows.
///
/// The message id goes into the service's inbox first; when it is already there the message was
/// handled before (a redelivery after a crash before the ack) and the handler does not run again.
/// The events the handler returns are written to the outbox in the same transaction, so the state
/// change and its events commit together; the relay publishes them afterwards.
public struct InboxOutbox: MessageMiddleware {
    let database: PGClient
    let outbox: Outbox

    public init(database: PGClient, outbox: Outbox) {
        self.database = database
        self.outbox = outbox
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
        let outbox = self.outbox
        let firstTime = try await database.withTransaction { tx -> Bool in
            guard try await Inbox.record(context.envelope.id, handler: context.handler, schema: outbox.schema, in: tx) else {
                return false
            }
            var context = context
            context.transaction = tx
            try await outbox.append(try await next(context), in: tx)
            return true
        }
        if firstTime { outbox.committed() } else { duplicate(context) }
        return []
    }

    private func duplicate(_ context: MessageContext) {
        Counter(label: "qlvb_messages_duplicate_total", dimensions: [("queue", context.delivery.queue)]).increment()
        context.logger.info("already handled; acknowledged without effect")
    }
}
