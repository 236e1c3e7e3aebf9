import Foundation

/// Why an axis call did not succeed, and whether trying again later may help.
public enum VXPError: Error, Sendable, CustomStringConvertible {
    /// No answer: connection refused, timeout.
    case unreachable(String)
    /// An answer longer than the bound the caller set (a packet over the size limit): it will not get shorter.
    case answerTooLarge(limit: Int)
    /// An answer that is not the protocol's JSON (an HTML page from a proxy, a truncated body).
    case unreadableAnswer(httpStatus: Int, String)
    /// The axis answered with an `ErrorCode` other than `"0"` (its real codes are not published).
    case refused(httpStatus: Int, code: String, description: String)

    /// Transient: the axis could not be reached, answered something unreadable, or refused with an HTTP status that
    /// says "later" (5xx, 408, 429). A refusal in a 2xx/4xx answer (unknown system, bad signature, unknown document) is
    /// permanent: the same request will be refused again.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .unreadableAnswer: true
        case .answerTooLarge: false
        case .refused(let status, _, _): status >= 500 || status == 408 || status == 429
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let reason): "the axis cannot be reached: \(reason)"
        case .answerTooLarge(let limit): "the axis's answer is over \(limit) bytes"
        case .unreadableAnswer(let status, let reason): "the axis answered HTTP \(status) with no readable answer: \(reason)"
        case .refused(let status, let code, let text): "the axis refused (ErrorCode \(code), HTTP \(status)): \(text)"
        }
    }
}
