import Auth
import Foundation
import Storage

/// A person's account (tài khoản) as other parts of the routing service see it.
struct UserRecord: Sendable, Equatable, Codable {
    var account: String
    var agency: String
    var departmentId: UUID?
    var fullName: String
    var roles: Set<Role>
    /// False once the person has left (nghỉ việc, chuyển công tác): the account is kept but cannot act.
    var isActive: Bool

    /// Leader roles (lãnh đạo) a delegation can lend: head, deputy, head of department.
    static let leaderRoles: Set<Role> = [.head, .deputy, .departmentHead]

    /// Columns `init(row:)` reads; prefix with the table alias where needed.
    static let columns = "account, agency, department_id, full_name, array_to_string(roles, ',') AS roles, status"

    init(account: String, agency: String, departmentId: UUID?, fullName: String, roles: Set<Role>, isActive: Bool) {
        self.account = account
        self.agency = agency
        self.departmentId = departmentId
        self.fullName = fullName
        self.roles = roles
        self.isActive = isActive
    }

    init(row: PGRow) throws {
        account = try row.decode(String.self, "account")
        agency = try row.decode(String.self, "agency")
        departmentId = try row.decode(UUID?.self, "department_id")
        fullName = try row.decode(String.self, "full_name")
        roles = Role.parseList(try row.decode(String.self, "roles"))
        isActive = try row.decode(String.self, "status") == "active"
    }
}

extension Role {
    /// `head,deputy` → roles; unknown names are dropped (they can only lower privileges).
    static func parseList(_ text: String) -> Set<Role> {
        Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }

    /// A text[] literal of role names, sorted: `{deputy,head}`.
    static func arrayLiteral(_ roles: Set<Role>) -> String {
        "{" + roles.map(\.rawValue).sorted().joined(separator: ",") + "}"
    }
}
