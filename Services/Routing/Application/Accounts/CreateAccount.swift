import Auth
import Foundation

/// The agency's admin or head opens an account; its name follows the regulation (see `AccountName`).
struct CreateAccount: Sendable {
    var agency: String
    var person: PeopleStore.NewPerson

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Person> {
        try AccountPolicy.mayGrant(person.roles, caller: context.acting.roles)
        guard let agency = try await accounts.agency(agency) else {
            throw PeopleError.notFound("không có cơ quan \(self.agency) / no agency \(self.agency)")
        }
        let created = try await accounts.create(person, in: agency)
        var record = context.record()
        record.audit(
            "user.create", subject: created.account,
            details: [
                "fullName": created.fullName, "roles": created.roles.joined(separator: ","),
                "department": created.departmentId?.uuidString.lowercased() ?? "",
            ])
        return record.outcome(created)
    }
}
