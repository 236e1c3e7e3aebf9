/// An error from PostgreSQL or from this client.
///
/// `description` carries the server's primary message and SQLSTATE, never SQL text, bind values or passwords,
/// so it is safe to log. `isTransient` tells retry middleware whether trying again may succeed.
public struct PGError: Error, CustomStringConvertible, Sendable {
    /// An extensible error code: a struct rather than an enum so new codes don't break callers' `switch`es.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// Opening a connection failed (unreachable, bad URL, authentication).
        public static let connectionFailed = Code("connectionFailed")
        /// An open connection broke (backend terminated, network lost).
        public static let connectionLost = Code("connectionLost")
        /// The server rejected the statement; see `sqlState`.
        public static let queryFailed = Code("queryFailed")
        /// A value could not be decoded into the requested Swift type.
        public static let decoding = Code("decoding")
        /// A bind value cannot be sent (e.g. a NUL byte in text).
        public static let invalidParameter = Code("invalidParameter")
        public static let uniqueViolation = Code("uniqueViolation")              // 23505
        public static let foreignKeyViolation = Code("foreignKeyViolation")      // 23503
        public static let notNullViolation = Code("notNullViolation")            // 23502
        public static let checkViolation = Code("checkViolation")                // 23514
        public static let serializationFailure = Code("serializationFailure")    // 40001
        public static let deadlockDetected = Code("deadlockDetected")            // 40P01
        /// The client has been shut down and refuses new work.
        public static let poolClosed = Code("poolClosed")

        public var description: String { name }

        /// The code for a server error's SQLSTATE.
        static func forSQLState(_ state: String?) -> Code {
            switch state {
            case "23505": .uniqueViolation
            case "23503": .foreignKeyViolation
            case "23502": .notNullViolation
            case "23514": .checkViolation
            case "40001": .serializationFailure
            case "40P01": .deadlockDetected
            case let s? where s.hasPrefix("08"): .connectionLost
            default: .queryFailed
            }
        }
    }

    public var code: Code
    /// The five-character SQLSTATE reported by the server, if any.
    public var sqlState: String?
    public var message: String
    /// The server's DETAIL line. It may quote row values, so it is kept out of `description`.
    public var detail: String?

    public init(code: Code, sqlState: String? = nil, message: String, detail: String? = nil) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
    }

    /// True when retrying the whole unit of work may succeed: lost or refused connections, serialization
    /// failures, deadlocks, server shutdown and "too many connections".
    public var isTransient: Bool {
        if [.connectionFailed, .connectionLost, .serializationFailure, .deadlockDetected].contains(code) { return true }
        guard let state = sqlState else { return false }
        return state.hasPrefix("08") || ["40001", "40P01", "57P01", "57P02", "57P03", "53300"].contains(state)
    }

    public var description: String {
        let state = sqlState.map { ", SQLSTATE \($0)" } ?? ""
        return "PGError(\(code)\(state)): \(message)"
    }

    static let poolClosedError = PGError(code: .poolClosed, message: "the PostgreSQL client has been shut down")
}
