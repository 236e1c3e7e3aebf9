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

    /// At least 8 characters (and not absurdly long, since it is hashed).
    static func acceptablePassword(_ password: String) throws {
        guard password.count >= 8, password.utf8.count <= 1024 else {
            throw PeopleError.badRequest("mật khẩu cần ít nhất 8 ký tự / the password needs at least 8 characters")
        }
    }

    /// Only a system admin resets a head's or an admin's password.
    static func mayResetPassword(of target: Set<Role>, caller: Set<Role>) throws {
        if !target.isDisjoint(with: adminOnlyRoles), !caller.contains(.admin) {
            throw PeopleError.forbidden(
                "chỉ quản trị hệ thống mới đặt lại mật khẩu của thủ trưởng, quản trị / only an admin resets a head's or an admin's password")
        }
    }
}
