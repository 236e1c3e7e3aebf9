import Contracts

/// The handler of one event type: a plain function from an event to the events it causes.
/// It contains no ack, retry, logging or dead-letter code: middleware does that.
///
/// Its type name is its name: `<service>.<TypeName>` keys the inbox, logs and metrics. Name handlers by what they
/// do, as a verb phrase (`RegisterIncoming`, `SendStatus`, `RecordReceived`); renaming one changes its inbox key, so
/// a rename keeps the old key through `MessageRouter.add(_:name:)` or a migration of the inbox.
public protocol EventHandler: Sendable {
    associatedtype Input: Event
    func handle(_ event: Input, context: MessageContext) async throws -> [any Event]
}

/// The untyped form every handler is run as.
public typealias MessageHandlerFunc = @Sendable (MessageContext) async throws -> [Envelope]

/// The messages of one batch (they arrived together) as the router hands them to the middleware: each context is
/// run through its own handler's chain by the innermost step. Returns the events to publish directly.
public typealias BatchHandlerFunc = @Sendable ([MessageContext]) async throws -> [Envelope]

/// Wraps a handler; registered once on the router. The first registered is the outermost.
///
/// A middleware sees every message through `handle(_:next:)`, alone or in a batch (then `context.batch` is set).
/// A middleware that owns a resource shared by a batch (the inbox/outbox transaction) also implements
/// `handle(batch:next:)`, which wraps the whole batch; the default passes it on.
public protocol MessageMiddleware: Sendable {
    func handle(_ context: MessageContext, next: MessageHandlerFunc) async throws -> [Envelope]
    func handle(batch: [MessageContext], next: BatchHandlerFunc) async throws -> [Envelope]
}

extension MessageMiddleware {
    public func handle(batch: [MessageContext], next: BatchHandlerFunc) async throws -> [Envelope] {
        try await next(batch)
    }
}

extension EventHandler {
    /// Decodes the payload (a wrong type or version is permanent) and wraps the results.
    public var untyped: MessageHandlerFunc {
        { context in
            let event: Input
            do { event = try context.envelope.decode(Input.self) } catch { throw PermanentError(String(describing: error)) }
            return try await handle(event, context: context).map { try context.emit($0) }
        }
    }
}

extension Array where Element == any MessageMiddleware {
    func wrap(_ handler: @escaping MessageHandlerFunc) -> MessageHandlerFunc {
        reversed().reduce(handler) { next, middleware in { context in try await middleware.handle(context, next: next) } }
    }

    func wrap(batch handler: @escaping BatchHandlerFunc) -> BatchHandlerFunc {
        reversed().reduce(handler) { next, middleware in { batch in try await middleware.handle(batch: batch, next: next) } }
    }
}
