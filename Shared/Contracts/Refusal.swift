/// Why a request or a command was refused (từ chối), said one way by every service: a stable machine code, the kind
/// of refusal and the message in Vietnamese and English.
///
/// Domain and application code throw it without knowing HTTP; the HTTP edge (ServiceKit's `Refusal` conformance)
/// turns `kind` into the status code and writes the one error body of every API:
/// `{"error": "forbidden", "code": "leader_only", "message": {"vi": "…", "en": "…"}}`.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal it is; each maps to one HTTP status.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// 400: the input is malformed (not JSON, a missing field, a bad id).
        case badRequest = "bad_request"
        /// 401: no valid identity.
        case unauthorized
        /// 403: the identity may not do this.
        case forbidden
        /// 404: nothing with that id that the caller may see.
        case notFound = "not_found"
        /// 405: the path exists, the method does not.
        case methodNotAllowed = "method_not_allowed"
        /// 409: the current state does not allow the action.
        case conflict
        /// 413: the body is larger than allowed.
        case contentTooLarge = "content_too_large"
        /// 415: the body is not of a media type the operation takes.
        case unsupportedMediaType = "unsupported_media_type"
        /// 422: well-formed, but breaks a rule (a secret mark, an unknown colleague).
        case unprocessable = "unprocessable_content"
        /// 429: too many attempts; see `retryAfterSeconds`.
        case tooManyRequests = "too_many_requests"
        /// 500: our fault; the message says what to tell the operator.
        case internalError = "internal_error"
        /// 503: a dependency is not available now.
        case unavailable = "service_unavailable"
    }

    public var kind: Kind
    /// Stable, snake_case: clients and tests match on it, never on the message.
    public var code: String
    public var vietnamese: String
    public var english: String
    /// Seconds after which the client may try again (429, 503).
    public var retryAfterSeconds: Int?

    public init(_ kind: Kind, code: String, vietnamese: String, english: String, retryAfterSeconds: Int? = nil) {
        self.kind = kind
        self.code = code
        self.vietnamese = vietnamese
        self.english = english
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// From one "tiếng Việt / English" text, as older call sites and framework errors write it; a text without the
    /// separator stands for both languages.
    public init(_ kind: Kind, code: String, bilingual text: String, retryAfterSeconds: Int? = nil) {
        let parts = text.components(separatedBy: " / ")
        let vietnamese = parts.count > 1 ? parts[0] : text
        let english = parts.count > 1 ? parts.dropFirst().joined(separator: " / ") : text
        self.init(kind, code: code, vietnamese: vietnamese, english: english, retryAfterSeconds: retryAfterSeconds)
    }

    /// "Vietnamese / English", for logs and command-line tools.
    public var message: String { "\(vietnamese) / \(english)" }
    public var description: String { "\(code): \(english)" }

    public static func badRequest(_ code: String, _ vietnamese: String, _ english: String) -> Refusal {
        Refusal(.badRequest, code: code, vietnamese: vietnamese, english: english)
    }

    public static func forbidden(_ code: String, _ vietnamese: String, _ english: String) -> Refusal {
        Refusal(.forbidden, code: code, vietnamese: vietnamese, english: english)
    }

    public static func notFound(_ code: String = "not_found", _ vietnamese: String, _ english: String) -> Refusal {
        Refusal(.notFound, code: code, vietnamese: vietnamese, english: english)
    }

    public static func conflict(_ code: String, _ vietnamese: String, _ english: String) -> Refusal {
        Refusal(.conflict, code: code, vietnamese: vietnamese, english: english)
    }

    public static func unprocessable(_ code: String, _ vietnamese: String, _ english: String) -> Refusal {
        Refusal(.unprocessable, code: code, vietnamese: vietnamese, english: english)
    }

    /// An action the current state does not allow (409 `illegal_transition`), naming the state.
    public static func illegal(_ action: String, state: String, vietnamese: String, english: String) -> Refusal {
        Refusal(
            .conflict, code: "illegal_transition", vietnamese: "\(vietnamese) (trạng thái hiện tại: \(state))",
            english: "\(english) (current state: \(state); action: \(action))")
    }
}

/// The one JSON error body of every service API (and of the OpenAPI contracts' `Error` schema).
public struct ErrorBody: Codable, Sendable, Equatable {
    public struct Message: Codable, Sendable, Equatable {
        public var vi: String
        public var en: String
        public init(vi: String, en: String) {
            self.vi = vi
            self.en = en
        }
    }

    /// The kind of refusal (`Refusal.Kind`'s raw value), e.g. `forbidden`.
    public var error: String
    public var code: String
    public var message: Message

    public init(error: String, code: String, message: Message) {
        self.error = error
        self.code = code
        self.message = message
    }

    public init(_ refusal: Refusal) {
        self.init(error: refusal.kind.rawValue, code: refusal.code, message: Message(vi: refusal.vietnamese, en: refusal.english))
    }
}
