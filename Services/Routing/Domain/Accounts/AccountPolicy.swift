import Auth
import Contracts

/// The rules of account administration (quản lý tài khoản): the agency's admin and head manage its accounts, but
/// the head and admin roles — and the passwords of those who hold them — are the system admin's alone, so a head
/// cannot make another head or take over an admin's account.
enum AccountPolicy {
    /// Roles only a system admin gives or takes away.
    static let adminOnlyRoles: Set<Role> = [.admin, .head]

    /// The roles given or taken away (`changed`) are the caller's to give.
    static func mayGrant(_ changed: Set<Role>, caller: Set<Role>) throws {
        if !caller.contains(.admin), !changed.isDisjoint(with: adminOnlyRoles) {
            throw PeopleError.forbidden(
                "chỉ quản trị hệ thống mới giao hoặc thu hồi vai trò thủ trưởng, quản trị / only an admin gives or takes away the head and admin roles")
        }
    }

    /// The roles given or taken away when `current` becomes `new`.
    static func changed(from current: Set<Role>, to new: Set<Role>) -> Set<Role> { current.symmetricDifference(new) }

    /// Only a system admin resets a head's or an admin's password.
    static func mayResetPassword(of target: Set<Role>, caller: Set<Role>) throws {
        if !target.isDisjoint(with: adminOnlyRoles), !caller.contains(.admin) {
            throw PeopleError.forbidden(
                "chỉ quản trị hệ thống mới đặt lại mật khẩu của thủ trưởng, quản trị / only an admin resets a head's or an admin's password")
        }
    }

    /// The reset skips the current password, so it is for other people's accounts only: one's own goes through
    /// change-password, else a stolen admin token alone would take the admin's account over for good.
    static func mayResetPassword(ofAccount target: String, caller: String) throws {
        if target == caller { throw PeopleError.ownPasswordReset }
    }

    /// The hierarchy (thứ bậc): a head or an admin is changed, or made to leave, only by a system admin — a head
    /// cannot change another head's or an admin's roles, nor hand their account over.
    static func mayManage(_ target: Set<Role>, caller: Set<Role>) throws {
        if !target.isDisjoint(with: adminOnlyRoles), !caller.contains(.admin) {
            throw PeopleError.forbidden(
                "chỉ quản trị hệ thống mới thay đổi hoặc cho nghỉ việc thủ trưởng, quản trị / only an admin changes a head or an admin or makes them leave")
        }
    }
}
