import AMQP
import Contracts
import Storage

/// An error that retrying cannot mend (bad payload, broken rule): straight to the dead-letter queue.
public struct PermanentError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// An error worth retrying later (a service or database away).
public struct TransientError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Whether to retry an error. Unknown errors are retried: the retries are bounded, and a real
/// defect then lands in the dead-letter queue with its message intact.
public enum ErrorClass: String, Sendable {
    case transient, permanent

    public static func of(_ error: any Error) -> ErrorClass {
        switch error {
        case is PermanentError, is ContractError, is DecodingError: .permanent
        case let pg as PGError: pg.isTransient ? .transient : .permanent
        default: .transient
        }
    }
}
