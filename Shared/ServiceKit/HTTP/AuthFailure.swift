import Auth
import Hummingbird

/// An `AuthError` as an HTTP response: 401 for authentication, 403 for authorisation, with a JSON
/// body clients can show as is, e.g.
/// `{"code":"token_expired","error":"unauthorized","message":"Token đã hết hạn / token expired"}`.
public struct AuthFailure: HTTPResponseError {
    public let error: AuthError

    public init(_ error: AuthError) {
        self.error = error
    }

    public var status: HTTPResponse.Status {
        error.isUnauthenticated ? .unauthorized : .forbidden
    }

    private struct Body: Encodable {
        let error: String
        let code: String
        let message: String
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [:]
        if error.isUnauthenticated {
            headers[.wwwAuthenticate] = error == .missing ? "Bearer" : "Bearer error=\"invalid_token\""
        }
        let body = Body(error: error.isUnauthenticated ? "unauthorized" : "forbidden", code: error.code, message: error.message)
        return JSONResponse.make(status, body, headers: headers)
    }
}
