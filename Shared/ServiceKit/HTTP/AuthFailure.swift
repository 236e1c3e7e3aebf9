import Auth
import Contracts
import Hummingbird

/// An `AuthError` as an HTTP response: 401 for authentication, 403 for authorisation, with the one error body of
/// every API (`ErrorBody`), e.g.
/// `{"code":"token_expired","error":"unauthorized","message":{"en":"token expired","vi":"Token đã hết hạn"}}`.
public struct AuthFailure: HTTPResponseError {
    public let error: AuthError

    public init(_ error: AuthError) {
        self.error = error
    }

    public var status: HTTPResponse.Status {
        error.isUnauthenticated ? .unauthorized : .forbidden
    }

    /// The same refusal in the shared type, for code that speaks `Refusal`.
    public var refusal: Refusal {
        Refusal(error.isUnauthenticated ? .unauthorized : .forbidden, code: error.code, vietnamese: error.vietnamese, english: error.english)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [:]
        if error.isUnauthenticated {
            headers[.wwwAuthenticate] = error == .missing ? "Bearer" : "Bearer error=\"invalid_token\""
        }
        return JSONResponse.make(status, ErrorBody(refusal), headers: headers)
    }
}
