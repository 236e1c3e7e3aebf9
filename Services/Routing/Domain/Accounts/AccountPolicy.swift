import Auth
import Contracts

/// The rules of account administration (quản lý tài khoản): the agency's admin and head manage its accounts, but
/// the head and admin roles — and the passwords of those who hold them — are the agency admin's alone, so a head
/// cannot make another head or take over an admin's account. The operator role is nobody's to give: it comes from
/// the installation's configuration (`Bootstrap`), and an operator's account is not managed through the API.
enum AccountPolicy {
    /// Roles only an agency admin gives or takes away.
    static let adminOnlyRoles: Set<Role> = [.admin, .head]

    /// The roles given or taken away (`changed`) are the caller's to give; the operator role is no one's.
    static func mayGrant(_ changed: Set<Role>, caller: Set<Role>) throws {
        if changed.contains(.operator) { throw operatorRefusal }
        if !caller.contains(.admin), !changed.isDisjoint(with: adminOnlyRoles) {
            throw PeopleError.forbidden(
                "chỉ quản trị cơ quan mới giao hoặc thu hồi vai trò thủ trưởng, quản trị / only an admin gives or takes away the head and admin roles")
        }
    }

    /// The roles given or taken away when `current` becomes `new`.
    static func changed(from current: Set<Role>, to new: Set<Role>) -> Set<Role> { current.symmetricDifference(new) }

    /// Only an agency admin resets a head's or an admin's password.
    static func mayResetPassword(of target: Set<Role>, caller: Set<Role>) throws {
        if target.contains(.operator) { throw operatorRefusal }
        if !target.isDisjoint(with: adminOnlyRoles), !caller.contains(.admin) {
            throw PeopleError.forbidden(
                "chỉ quản trị cơ quan mới đặt lại mật khẩu của thủ trưởng, quản trị / only an admin resets a head's or an admin's password")
        }
    }

    /// The reset skips the current password, so it is for other people's accounts only: one's own goes through
    /// change-password, else a stolen admin token alone would take the admin's account over for good.
    static func mayResetPassword(ofAccount target: String, caller: String) throws {
        if target == caller { throw PeopleError.ownPasswordReset }
    }

    /// The hierarchy (thứ bậc): a head or an admin is changed, or made to leave, only by the agency admin — a head
    /// cannot change another head's or an admin's roles, nor hand their account over.
    static func mayManage(_ target: Set<Role>, caller: Set<Role>) throws {
        if target.contains(.operator) { throw operatorRefusal }
        if !target.isDisjoint(with: adminOnlyRoles), !caller.contains(.admin) {
            throw PeopleError.forbidden(
                "chỉ quản trị cơ quan mới thay đổi hoặc cho nghỉ việc thủ trưởng, quản trị / only an admin changes a head or an admin or makes them leave")
        }
    }

    /// The operator's account is the installation's: an agency admin could otherwise take it over (reset its
    /// password, hand it over) and with it every agency.
    static var operatorRefusal: Refusal {
        Refusal.forbidden(
            "operator_role", "Vai trò người vận hành hệ thống chỉ được tạo khi cài đặt, không giao, thu hồi hay quản lý qua API",
            "the operator role is created at installation only; no API call grants, removes or manages it")
    }
}
