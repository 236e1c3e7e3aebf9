import Contracts

/// The handler of one event type: a plain function from an event to the events it causes.
/// It contains no ack, retry, logging or dead-letter code: middleware does that.
public protocol EventHandler: Sendable {
    associatedtype Input: Event
    func handle(_ event: Input, context: MessageContext) async throws -> [any Event]
}

/// The untyped form every handler is run as.
public typealias MessageHandlerFunc = @Sendable (MessageContext) async throws -> [Envelope]

/// Wraps a handler; registered once on the router. The first registered is the outermost.
public protocol MessageMiddleware: Sendable {
    func handle(_ context: MessageContext, next: MessageHandlerFunc) async throws -> [Envelope]
}

extension EventHandler {
    /// Decodes the payload (a wrong type or version is permanent) and wraps the results.
    var untyped: MessageHandlerFunc {
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
}
