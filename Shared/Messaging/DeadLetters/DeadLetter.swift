import Contracts
import Foundation

/// A message that failed for good (thư lỗi), kept by the service that could not handle it so an
/// admin can inspect it, fix it and send it back, or discard it with a reason.
public struct DeadLetter: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Waiting for an admin.
        case dead
        /// Selected by a bulk replay that has not reached it yet.
        case queued
        case replayed
        case discarded
    }

    public var id: UUID
    /// Order of arrival in this service's store; pages and replays follow it.
    public var seq: Int64
    /// The dead-letter queue it was taken from, e.g. `numbering.document.received.dlq`.
    public var queue: String
    /// Where a replay sends it back to unless redirected.
    public var originalQueue: String
    public var messageId: String?
    public var type: String?
    /// The agency of its envelope: that agency's admin may act on it; nil (not an envelope) the operator only.
    public var agency: String?
    public var correlationId: String?
    public var attempts: Int
    public var lastError: String
    public var errorClass: String?
    public var service: String?
    public var handler: String?
    public var failedAt: Date
    public var storedAt: Date
    public var state: State
    public var replayId: UUID?
    public var replayedAt: Date?
    public var replayedTo: String?
    public var editedBy: String?
    public var discardedBy: String?
    public var discardReason: String?
    /// Headers as text, for reading; the exact typed headers are kept for the replay.
    public var headers: [String: String]?
    /// The body when it is JSON (an envelope, normally).
    public var payload: JSONValue?
    /// The body in base64 when it is not JSON.
    public var bodyBase64: String?
}

/// Whose dead letters a caller may see and act on (phạm vi): one agency's — its admin — or every one, the
/// installation's operator. Never taken from the request: the routes derive it from the caller's token.
public enum DeadLetterScope: Sendable, Equatable {
    case everything
    case agency(String)

    /// The agency to narrow to; nil for the operator.
    var agencyCode: String? {
        if case .agency(let code) = self { return code }
        return nil
    }
}

/// Which dead letters a listing, a discard or a replay is about. Every field narrows the choice.
public struct DeadLetterFilter: Codable, Sendable, Equatable {
    public var originalQueue: String?
    public var type: String?
    /// Part of the last error, case-insensitive.
    public var errorContains: String?
    /// The whole last error, as a group shows it.
    public var error: String?
    public var errorClass: String?
    public var from: Date?
    public var to: Date?
    /// Defaults to `dead` for replays and discards; a listing without a state shows every state.
    public var state: DeadLetter.State?

    public init(
        originalQueue: String? = nil, type: String? = nil, errorContains: String? = nil, error: String? = nil,
        errorClass: String? = nil, from: Date? = nil, to: Date? = nil, state: DeadLetter.State? = nil
    ) {
        self.originalQueue = originalQueue
        self.type = type
        self.errorContains = errorContains
        self.error = error
        self.errorClass = errorClass
        self.from = from
        self.to = to
        self.state = state
    }
}

/// A selection for an action: listed ids, or everything a filter matches (not both).
public struct DeadLetterSelection: Codable, Sendable, Equatable {
    public var ids: [UUID]?
    public var filter: DeadLetterFilter?

    public init(ids: [UUID]? = nil, filter: DeadLetterFilter? = nil) {
        self.ids = ids
        self.filter = filter
    }
}

/// Dead letters that failed the same way: same queue, type and error.
public struct DeadLetterGroup: Codable, Sendable, Equatable {
    public var originalQueue: String
    public var type: String?
    public var errorClass: String?
    public var error: String
    public var count: Int
    public var firstFailedAt: Date
    public var lastFailedAt: Date
    /// Selects exactly this group's waiting dead letters, for a replay or a discard.
    public var filter: DeadLetterFilter
}

/// A bulk replay (gửi lại hàng loạt): its selection, pace and progress; resumable after a crash.
public struct ReplayJob: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable { case running, cancelled, done }

    public var id: UUID
    public var requestedBy: String
    /// The requesting admin's agency; nil when the operator requested it.
    public var agency: String?
    public var requestedAt: Date
    public var selection: DeadLetterSelection
    /// Nil: each message goes back to its original queue.
    public var targetQueue: String?
    /// Messages per second; nil for as fast as the broker confirms.
    public var rate: Double?
    public var state: State
    public var total: Int
    public var done: Int
    public var finishedAt: Date?
    public var lastError: String?
}

/// One entry of the dead-letter audit trail: who did what to how many.
public struct DeadLetterAction: Codable, Sendable, Equatable {
    public var at: Date
    public var actor: String
    /// The acting admin's agency; nil for the operator.
    public var agency: String?
    public var action: String
    public var selection: DeadLetterSelection
    public var count: Int
    public var reason: String?
    public var replayId: UUID?
}

/// Refusals of dead-letter actions, in Vietnamese and English like every message a user sees.
public struct DeadLetterError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        case notFound, invalid, conflict
        /// An edit that would change what the message is (its event type) or whose it is (its agency).
        case immutable
        /// A replay to a queue the service that dead-lettered the message does not consume.
        case foreignQueue
    }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
