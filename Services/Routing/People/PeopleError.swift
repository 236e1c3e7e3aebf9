import Foundation
import Hummingbird

/// A refused people request, with a stable code and a message in Vietnamese then English.
enum PeopleError: Error, Equatable, HTTPResponseError, CustomStringConvertible {
    /// Bad input: a missing or malformed field.
    case badRequest(String)
    /// A name from which no account name can be made.
    case badName(String)
    /// Nothing with that id or account in the agency.
    case notFound(String)
    /// The derived account name (and, with the birth year, the second form) is taken: the admin must decide.
    case accountClash(tried: [String], needsBirthYear: Bool)
    /// The state does not allow the action (already left, delegation not requested…).
    case conflict(String)
    /// The caller's roles allow the route but not this particular action.
    case forbidden(String)
    /// Wrong account or password, unknown account, or an account that left: one message for all.
    case signInRefused
    /// Too many failed sign-ins: locked for a while.
    case signInLocked(retryAfterSeconds: Int)
    /// The service holds no token signing key.
    case signInUnavailable

    var code: String {
        switch self {
        case .badRequest: "bad_request"
        case .badName: "bad_name"
        case .notFound: "not_found"
        case .accountClash: "account_clash"
        case .conflict: "conflict"
        case .forbidden: "forbidden"
        case .signInRefused: "sign_in_refused"
        case .signInLocked: "sign_in_locked"
        case .signInUnavailable: "sign_in_unavailable"
        }
    }

    var message: String {
        switch self {
        case .badRequest(let m), .badName(let m), .notFound(let m), .conflict(let m), .forbidden(let m): m
        case .accountClash(let tried, true):
            "Tài khoản \(tried.joined(separator: ", ")) đã có người dùng: cần năm sinh để đặt tên theo quy chế / account \(tried.joined(separator: ", ")) is taken: give the birth year (the regulation appends it)"
        case .accountClash(let tried, false):
            "Tài khoản \(tried.joined(separator: ", ")) đã có người dùng: quản trị viên cần chọn tên tài khoản (trường account) / accounts \(tried.joined(separator: ", ")) are taken: the admin must choose the account name (field account)"
        case .signInRefused:
            "Tài khoản hoặc mật khẩu không đúng / wrong account or password"
        case .signInLocked(let seconds):
            "Đăng nhập sai quá nhiều lần: thử lại sau \(seconds / 60 + 1) phút / too many failed sign-ins: try again in \(seconds / 60 + 1) minutes"
        case .signInUnavailable:
            "Dịch vụ chưa có khóa ký token: không đăng nhập được / the service has no token signing key: sign-in is unavailable"
        }
    }

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest, .badName: .badRequest
        case .notFound: .notFound
        case .accountClash, .conflict: .conflict
        case .forbidden: .forbidden
        case .signInRefused: .unauthorized
        case .signInLocked: .tooManyRequests
        case .signInUnavailable: .serviceUnavailable
        }
    }

    var description: String { "\(code): \(message)" }

    private struct Body: Encodable {
        let error: String
        let code: String
        let message: String
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if case .signInLocked(let seconds) = self { headers[.retryAfter] = String(seconds) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Body(error: status.reasonPhrase.lowercased(), code: code, message: message))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
