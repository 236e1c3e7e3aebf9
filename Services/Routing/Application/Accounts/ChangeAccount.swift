import Auth
import Foundation

/// The admin or head changes a person's roles or department. New roles end the person's sessions, since tokens
/// carry the roles.
struct ChangeAccount: Sendable {
    var agency: String
    var account: String
    var roles: Set<Role>?
    /// `.some(nil)` moves the person out of any department; nil leaves it.
    var departmentId: UUID??

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Person> {
        var rolesChanged = false
        if let roles {
            let current = Set(try await accounts.person(account, agency: agency).roles.compactMap(Role.init(rawValue:)))
            try AccountPolicy.mayManage(current, caller: context.acting.roles)
            try AccountPolicy.mayGrant(AccountPolicy.changed(from: current, to: roles), caller: context.acting.roles)
            rolesChanged = current != roles
        }
        let person = try await accounts.update(account, agency: agency, roles: roles, departmentId: departmentId)
        var record = context.record()
        if rolesChanged { try record.revokeAccess(account, agency: agency, reason: "roles_changed") }
        record.audit(
            "user.update", subject: account,
            details: ["roles": person.roles.joined(separator: ","), "department": person.departmentId?.uuidString.lowercased() ?? ""])
        return record.outcome(person)
    }
}
