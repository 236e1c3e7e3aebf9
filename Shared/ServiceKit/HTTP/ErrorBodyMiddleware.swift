import Contracts
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Makes every error answer of a service the one error body (`ErrorBody`). A `Refusal`, an `AuthFailure` and a
/// service's own `HTTPResponseError` type answer for themselves; the framework's own errors (unknown path 404, wrong
/// method 405, body too large 413, decoding failures 400) and any leftover `HTTPError` are said as a `Refusal`
/// (a 500 keeps a deliberate message); anything else is a 500 with a generic message, its detail only in the log.
/// Added first, so it also answers for unknown paths (the router's not-found responder runs through every router
/// middleware).
public struct ErrorBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    public init(routes: RouteTable = RouteTable()) {
        self.routes = routes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // No QLVB text holds a NUL character, and PostgreSQL refuses to store one: say so before it becomes a 500.
        if request.uri.description.range(of: "%00", options: .caseInsensitive) != nil {
            return try RequestDecoding.nulRefusal.response(from: request, context: context)
        }
        do {
            return try await next(request, context)
        } catch let error as Refusal {
            return try error.response(from: request, context: context)
        } catch let error as AuthFailure {
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError where !(error is HTTPError) && !(error is NIOTooManyBytesError) {
            // A service's own error type answers for itself: its status, code and message are deliberate.
            return try error.response(from: request, context: context)
        } catch {
            var headers: HTTPFields = [:]
            let refusal = refusal(for: error, request: request, logger: context.logger, headers: &headers)
            let response = try refusal.response(from: request, context: context)
            var merged = response
            for field in headers { merged.headers.append(field) }
            return merged
        }
    }

    func refusal(for error: any Error, request: Request, logger: Logger, headers: inout HTTPFields) -> Refusal {
        switch error {
        case let error as DecodingError:
            return RequestDecoding.refusal(error)
        case let error as HTTPError where error.status == .notFound && error.body == nil:
            // The router found no route: an unknown path, or a known path with another method.
            let allowed = routes.methods(for: request.uri.path)
            if !allowed.isEmpty, !allowed.contains(request.method) {
                headers[.allow] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
                return Refusal(
                    .methodNotAllowed, code: "method_not_allowed",
                    vietnamese: "Đường dẫn không nhận phương thức \(request.method.rawValue)",
                    english: "\(request.method.rawValue) is not allowed on this path")
            }
            return Refusal(.notFound, code: "not_found", vietnamese: "Không có đường dẫn này", english: "no such path")
        case let error as HTTPError:
            return Self.refusal(status: error.status, message: error.body, logger: logger, error: error)
        case is NIOTooManyBytesError:
            return Refusal(
                .contentTooLarge, code: "content_too_large", vietnamese: "Nội dung yêu cầu quá lớn",
                english: "the request body is larger than allowed")
        default:
            return Self.internalError(logger: logger, error: error)
        }
    }

    static func refusal(status: HTTPResponse.Status, message: String?, logger: Logger, error: any Error) -> Refusal {
        guard let kind = Refusal.Kind(status: status) else { return internalError(logger: logger, error: error) }
        if let message, !message.isEmpty {
            // A deliberate message (e.g. "a stored file is damaged: restore it from the backup") is kept, 500s included.
            if kind == .internalError { logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"]) }
            return Refusal(kind, code: kind.rawValue, bilingual: message)
        }
        if kind == .internalError { return internalError(logger: logger, error: error) }
        let (vi, en) = generic(kind)
        return Refusal(kind, code: kind.rawValue, vietnamese: vi, english: en)
    }

    static func internalError(logger: Logger, error: any Error) -> Refusal {
        logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
        return Refusal(
            .internalError, code: "internal_error", vietnamese: "Lỗi máy chủ; đã ghi nhật ký, hãy báo quản trị",
            english: "server error; it was logged, tell the operator")
    }

    static func generic(_ kind: Refusal.Kind) -> (String, String) {
        switch kind {
        case .badRequest: ("Yêu cầu không hợp lệ", "bad request")
        case .unauthorized: ("Chưa đăng nhập", "not authenticated")
        case .forbidden: ("Không có quyền", "forbidden")
        case .notFound: ("Không tìm thấy", "not found")
        case .methodNotAllowed: ("Phương thức không được phép", "method not allowed")
        case .conflict: ("Trạng thái hiện tại không cho phép", "the current state does not allow this")
        case .contentTooLarge: ("Nội dung yêu cầu quá lớn", "the request body is larger than allowed")
        case .unsupportedMediaType: ("Kiểu nội dung không được hỗ trợ", "unsupported media type")
        case .unprocessable: ("Yêu cầu vi phạm quy tắc", "the request breaks a rule")
        case .tooManyRequests: ("Quá nhiều yêu cầu, hãy thử lại sau", "too many requests: try again later")
        case .internalError: ("Lỗi máy chủ", "server error")
        case .unavailable: ("Dịch vụ tạm thời không sẵn sàng", "the service is not available now")
        }
    }
}

extension Refusal.Kind {
    /// The kind an HTTP status stands for; nil for statuses that are not refusals.
    init?(status: HTTPResponse.Status) {
        switch status {
        case .badRequest: self = .badRequest
        case .unauthorized: self = .unauthorized
        case .forbidden: self = .forbidden
        case .notFound: self = .notFound
        case .methodNotAllowed: self = .methodNotAllowed
        case .conflict: self = .conflict
        case .contentTooLarge: self = .contentTooLarge
        case .unsupportedMediaType: self = .unsupportedMediaType
        case .unprocessableContent: self = .unprocessable
        case .tooManyRequests: self = .tooManyRequests
        case .serviceUnavailable: self = .unavailable
        default:
            switch status.code {
            case 400..<500: self = .badRequest
            case 500..<600: self = .internalError
            default: return nil
            }
        }
    }
}

/// The routes a router serves, filled once its routes are added, so a 404 of the router can say 405 instead.
public final class RouteTable: @unchecked Sendable {
    private let lock = NSLock()
    private var routes: [(path: RouterPath, method: HTTPRequest.Method)] = []

    public init() {}

    public func set<Context>(from router: Router<Context>) {
        let all = router.routes.map { (path: $0.path, method: $0.method) }
        lock.withLock { routes = all }
    }

    /// The methods of the routes whose path matches `path`.
    func methods(for path: String) -> Set<HTTPRequest.Method> {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let all = lock.withLock { routes }
        return Set(all.filter { Self.matches($0.path, segments) }.map(\.method))
    }

    static func matches(_ route: RouterPath, _ segments: [Substring]) -> Bool {
        let elements = Array(route)
        if let last = elements.last, last == RouterPath.Element.recursiveWildcard {
            return segments.count >= elements.count - 1
                && zip(elements.dropLast(), segments).allSatisfy { $0 ~= $1 }
        }
        return elements.count == segments.count && zip(elements, segments).allSatisfy { $0 ~= $1 }
    }
}
