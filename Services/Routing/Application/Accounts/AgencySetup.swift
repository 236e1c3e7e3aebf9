import Foundation

/// The system admin hosts a new agency (cơ quan), with its first administrator so it can be managed from inside
/// (nobody acts across agencies).
struct CreateAgency: Sendable {
    var agency: Agency
    var firstAdmin: PeopleStore.NewPerson?

    struct Created: Sendable {
        var agency: Agency
        var admin: Person?
    }

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Created> {
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

/// Anyone changes their own password, proving the current one (the new one comes hashed).
struct ChangeOwnPassword: Sendable {
    var currentPassword: String
    var newHash: String

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Void> {
        let account = context.acting.account
        guard let stored = try await accounts.passwordHash(of: account),
            await PasswordHash.verifyOffloaded(currentPassword, against: stored)
        else {
            throw PeopleError.signInRefused
        }
        try await accounts.setPassword(account, hash: newHash)
        var record = context.record()
        record.audit("user.password_change", subject: account)
        return record.outcome(())
    }
}
