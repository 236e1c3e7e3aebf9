import Foundation

/// Tokens of an account issued before `notBefore` are no longer accepted (thu hồi phiên đăng nhập): the person left,
/// their password was reset, their roles changed, or an admin ended their sessions (a lost phone). Tokens are
/// verified by every service without calling routing, so routing tells every service with this event.
public struct AccessRevoked: Event {
    public static let type = "account.access_revoked"
    public static let version = 1

    public var account: String
    public var agency: String
    public var notBefore: Date
    /// `left`, `password_reset`, `roles_changed` or `sessions_revoked`.
    public var reason: String

    public init(account: String, agency: String, notBefore: Date, reason: String) {
        self.account = account
        self.agency = agency
        self.notBefore = notBefore
        self.reason = reason
    }
}
