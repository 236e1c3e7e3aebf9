import Contracts
import Hummingbird

/// A `Refusal` as an HTTP answer: its kind becomes the status, its body the one error shape of every API
/// (`ErrorBody`), with `Retry-After` when it says when to try again.
extension Refusal: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch kind {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .conflict: .conflict
        case .contentTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .unprocessable: .unprocessableContent
        case .tooManyRequests: .tooManyRequests
        case .internalError: .internalServerError
        case .unavailable: .serviceUnavailable
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [:]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if kind == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return JSONResponse.make(status, ErrorBody(self), headers: headers)
    }
}
