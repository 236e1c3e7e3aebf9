import Foundation

/// A signature could not be made; `reason` is written for the clerk.
public struct SigningFailed: Event {
    public static let type = "signing.failed"
    public static let version = 1

    public var requestId: UUID
    public var documentId: UUID
    /// Machine-readable cause, e.g. `encrypted-pdf`, `key-not-found`.
    public var code: String
    public var reason: String

    public init(requestId: UUID, documentId: UUID, code: String, reason: String) {
        self.requestId = requestId
        self.documentId = documentId
        self.code = code
        self.reason = reason
    }
}
