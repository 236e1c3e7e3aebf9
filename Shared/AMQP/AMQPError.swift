/// Failures of the broker connection. Everything but a bad URL or a refused declaration is
/// transient: the connection is rebuilt and the work retried.
public enum AMQPError: Error, CustomStringConvertible, Sendable, Equatable {
    case invalidURL(String)
    case connectionFailed(String)
    case connectionLost(String)
    /// The broker closed the channel or connection, e.g. PRECONDITION_FAILED on a declaration.
    case closedByBroker(code: Int, text: String)
    case protocolError(String)
    case shutDown

    public var description: String {
        switch self {
        case .invalidURL(let s): "invalid AMQP URL \(s)"
        case .connectionFailed(let s): "cannot connect to RabbitMQ: \(s)"
        case .connectionLost(let s): "RabbitMQ connection lost: \(s)"
        case .closedByBroker(let code, let text): "RabbitMQ closed the channel (\(code)): \(text)"
        case .protocolError(let s): "AMQP protocol error: \(s)"
        case .shutDown: "the AMQP client is shutting down"
        }
    }
}
