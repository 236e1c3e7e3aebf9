import Contracts

/// The people side's refusals, as `Refusal`s with the codes clients already match on.
///
/// The messages are written "Vietnamese / English" in one string at the call sites; they are split here into the
/// two languages of the one error body.
enum PeopleError {
    /// Bad input: a missing or malformed field.
    static func badRequest(_ message: String) -> Refusal { make(.badRequest, "bad_request", message) }
    /// A name from which no account name can be made.
    static func badName(_ message: String) -> Refusal { make(.badRequest, "bad_name", message) }
    /// Nothing with that id or account in the agency.
    static func notFound(_ message: String) -> Refusal { make(.notFound, "not_found", message) }
    /// The state does not allow the action (already left, delegation not requested…).
    static func conflict(_ message: String) -> Refusal { make(.conflict, "conflict", message) }
    /// The caller's roles allow the route but not this particular action.
    static func forbidden(_ message: String) -> Refusal { make(.forbidden, "forbidden", message) }

    /// The derived account name (and, with the birth year, the second form) is taken: the admin must decide.
    static func accountClash(tried: [String], needsBirthYear: Bool) -> Refusal {
        let names = tried.joined(separator: ", ")
        return needsBirthYear
            ? Refusal(
                .conflict, code: "account_clash",
                vietnamese: "Tài khoản \(names) đã có người dùng: cần năm sinh để đặt tên theo quy chế",
                english: "account \(names) is taken: give the birth year (the regulation appends it)")
            : Refusal(
                .conflict, code: "account_clash",
                vietnamese: "Tài khoản \(names) đã có người dùng: quản trị viên cần chọn tên tài khoản (trường account)",
                english: "accounts \(names) are taken: the admin must choose the account name (field account)")
    }

    /// Wrong account or password, unknown account, or an account that left: one message for all.
    static let signInRefused = Refusal(
        .unauthorized, code: "sign_in_refused", vietnamese: "Tài khoản hoặc mật khẩu không đúng", english: "wrong account or password")

    /// Too many failed sign-ins: locked for a while (the answer carries Retry-After).
    static func signInLocked(retryAfterSeconds seconds: Int) -> Refusal {
        Refusal(
            .tooManyRequests, code: "sign_in_locked",
            vietnamese: "Đăng nhập sai quá nhiều lần: thử lại sau \(seconds / 60 + 1) phút",
            english: "too many failed sign-ins: try again in \(seconds / 60 + 1) minutes", retryAfterSeconds: seconds)
    }

    /// The reset route names the caller's own account: one's own password is changed proving the current one.
    static let ownPasswordReset = Refusal(
        .conflict, code: "own_password_reset",
        vietnamese: "Không đặt lại mật khẩu của chính mình: hãy đổi mật khẩu (cần mật khẩu hiện tại)",
        english: "one's own password is not reset: change it with the current one (POST /auth/password)")

    /// Too many failed sign-ins from this address, over any names: a growing delay, not a lock (Retry-After).
    static func signInDelayed(retryAfterSeconds seconds: Int) -> Refusal {
        Refusal(
            .tooManyRequests, code: "sign_in_delayed",
            vietnamese: "Đăng nhập sai nhiều lần từ địa chỉ này: thử lại sau \(seconds) giây",
            english: "too many failed sign-ins from this address: try again in \(seconds) seconds", retryAfterSeconds: seconds)
    }

    /// The service holds no token signing key.
    static let signInUnavailable = Refusal(
        .unavailable, code: "sign_in_unavailable", vietnamese: "Dịch vụ chưa có khóa ký token: không đăng nhập được",
        english: "the service has no token signing key: sign-in is unavailable")

    private static func make(_ kind: Refusal.Kind, _ code: String, _ message: String) -> Refusal {
        Refusal(kind, code: code, bilingual: message)
    }
}
