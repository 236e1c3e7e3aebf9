/// Why a request was not authenticated (401) or not authorised (403).
public enum AuthError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No `Authorization: Bearer` token was sent.
    case missing
    /// The token is not a well-formed JWT of ours.
    case malformed(reason: String)
    /// The token's `exp` has passed.
    case expired
    /// The signature does not verify with our public key: forged or tampered with.
    case badSignature
    /// The token was issued before its account's sessions were ended (left, password reset, roles changed).
    case revoked
    /// The token is for other services than this one (its `aud` does not name `service`).
    case wrongAudience(service: String)
    /// The identity holds none of the roles the route requires.
    case forbiddenRole(required: Set<Role>)
    /// The identity belongs to another agency than the one in the route.
    case otherAgency(String)

    /// Stable machine-readable code for clients and logs.
    public var code: String {
        switch self {
        case .missing: "token_missing"
        case .malformed: "token_malformed"
        case .expired: "token_expired"
        case .badSignature: "token_bad_signature"
        case .revoked: "token_revoked"
        case .wrongAudience: "token_wrong_audience"
        case .forbiddenRole: "forbidden_role"
        case .otherAgency: "other_agency"
        }
    }

    /// True for failures of authentication (HTTP 401), false for authorisation (HTTP 403).
    public var isUnauthenticated: Bool {
        switch self {
        case .missing, .malformed, .expired, .badSignature, .revoked, .wrongAudience: true
        case .forbiddenRole, .otherAgency: false
        }
    }

    /// Vietnamese, then English, for users and operators alike.
    public var message: String { "\(vietnamese) / \(english)" }

    /// The message for users, in Vietnamese.
    public var vietnamese: String {
        switch self {
        case .missing: "Chưa đăng nhập: thiếu token"
        case .malformed: "Token không hợp lệ"
        case .expired: "Token đã hết hạn"
        case .badSignature: "Chữ ký token không hợp lệ"
        case .revoked: "Phiên đăng nhập đã bị thu hồi, hãy đăng nhập lại"
        case .wrongAudience(let service): "Token không dùng được cho dịch vụ \(service)"
        case .forbiddenRole(let required): "Không có quyền: cần một trong các vai trò \(Self.list(required))"
        case .otherAgency(let agency): "Không có quyền với cơ quan \(agency)"
        }
    }

    /// The message in English.
    public var english: String {
        switch self {
        case .missing: "missing bearer token"
        case .malformed(let reason): "malformed token: \(reason)"
        case .expired: "token expired"
        case .badSignature: "token signature is invalid"
        case .revoked: "the session was ended: sign in again"
        case .wrongAudience(let service): "the token is not for the \(service) service"
        case .forbiddenRole(let required): "forbidden: requires one of the roles \(Self.list(required))"
        case .otherAgency(let agency): "other agency: not allowed to act for \(agency)"
        }
    }

    public var description: String { "\(code): \(message)" }

    private static func list(_ roles: Set<Role>) -> String {
        roles.map(\.rawValue).sorted().joined(separator: ", ")
    }
}
