import Auth
import Foundation

/// The operator of the installation hosts a new agency (cơ quan), with its first administrator so it can be managed from inside
/// (nobody acts across agencies).
struct CreateAgency: Sendable {
    var agency: Agency
    var firstAdmin: PeopleStore.NewPerson?

    struct Created: Sendable {
        var agency: Agency
        var admin: Person?
    }

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Created> {
        if let firstAdmin, firstAdmin.roles.contains(.operator) { throw AccountPolicy.operatorRefusal }
        try await accounts.createAgency(agency)
        var admin: Person?
        if let firstAdmin { admin = try await accounts.create(firstAdmin, in: agency) }
        var record = context.record()
        record.audit(
            "agency.create", subject: agency.code,
            details: ["name": agency.name, "shortName": agency.shortName, "admin": admin?.account ?? ""])
        return record.outcome(Created(agency: agency, admin: admin))
    }
}

/// The agency's admin or head adds a department (phòng ban).
struct CreateDepartment: Sendable {
    var agency: String
    var name: String

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Department> {
        let department = try await accounts.createDepartment(agency: agency, name: name)
        var record = context.record()
        record.audit("department.create", subject: department.id.lowercased, details: ["name": department.name])
        return record.outcome(department)
    }
}

/// Anyone changes their own password, proving the current one. The route verifies it (scrypt, outside any
/// transaction) against `verifiedHash`; the change goes through only if that is still the stored hash. Every session
/// of the account ends — whoever else knew the old password is out; this one signs in again with the new password.
struct ChangeOwnPassword: Sendable {
    var verifiedHash: String
    var newHash: String

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Void> {
        let account = context.acting.account
        guard try await accounts.passwordHash(of: account) == verifiedHash else { throw PeopleError.signInRefused }
        try await accounts.setPassword(account, hash: newHash)
        var record = context.record()
        try record.revokeAccess(account, agency: context.acting.agency, reason: "password_changed")
        record.audit("user.password_change", subject: account)
        return record.outcome(())
    }
}
