import COpenSSL

/// An OpenSSL call failed; `reason` is for logs and error messages, never shown to end users as is.
public struct OpenSSLFailure: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }

    /// The oldest error on this thread's OpenSSL error queue as text. Clears the queue, so a later call does not
    /// report an error that belongs to an earlier failure.
    public static func lastError() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "unknown OpenSSL error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Forgets queued errors after a failure that was expected and handled (a probe, a wrong password).
    public static func clearErrors() { ERR_clear_error() }
}
