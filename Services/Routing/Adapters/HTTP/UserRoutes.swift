import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/agencies/:agency/users…`: the agency's accounts. Everyone of the agency reads the directory; its admin and head
/// create accounts, change roles and departments, hand over the account of a person who leaves and reset passwords;
/// only the head allows a person who left to download the account's documents (art. 22.1.c).
struct UserRoutes: Sendable {
    let people: PeopleService
    var store: PeopleStore { PeopleStore(schema: people.schema) }

    func add(to router: Router<QLVBRequestContext>) {
        let read = router.group("agencies/:agency/users").add(middleware: RequireRoles(PeopleRoutes.everyone))
        read.get(use: list)
        read.get(":account", use: one)
        let manage = router.group("agencies/:agency/users")
            .add(middleware: RequireRoles(PeopleRoutes.managers)).add(middleware: RefuseDelegated())
        manage.post(use: create)
        manage.patch(":account", use: update)
        manage.post(":account/leave", use: leave)
        manage.post(":account/password", use: resetPassword)
        manage.post(":account/revoke-sessions", use: revokeSessions)
        router.group("agencies/:agency/users/:account/archive-permission")
            .add(middleware: RequireRoles([.admin, .head, .clerk])).get(use: archivePermission)
        router.group("agencies/:agency/users/:account/archive-permission")
            .add(middleware: RequireRoles([.head])).add(middleware: RefuseDelegated()).post(use: grantArchive)
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Items<Person> {
        Items(items: try await store.people(of: try context.parameters.require("agency"), on: people.database))
    }

    @Sendable func one(_ request: Request, context: QLVBRequestContext) async throws -> Person {
        try await store.requirePerson(
            try context.parameters.require("account"), agency: try context.parameters.require("agency"), on: people.database)
    }

    struct NewUser: Decodable, Sendable {
        var fullName: String
        /// A compound given name (tên kép) from HR records, e.g. "Ngọc Ánh".
        var givenName: String?
        var birthYear: Int?
        var departmentId: UUID?
        var roles: [Role]
        /// Initial password; without one the account cannot sign in until an admin sets it.
        var password: String?
        /// Only after a clash the birth year does not resolve: the account name the admin chose.
        var account: String?
    }

    static func newPerson(_ body: NewUser, settings: PeopleSettings) async throws -> PeopleStore.NewPerson {
        var hashed: String?
        if let password = body.password { hashed = try await hash(password, settings: settings) }
        return PeopleStore.NewPerson(
            fullName: body.fullName, givenName: body.givenName, birthYear: body.birthYear, departmentId: body.departmentId,
            roles: Set(body.roles), passwordHash: hashed, explicitAccount: body.account)
    }

    /// A new password (created, reset or changed): the policy, then the hash.
    static func hash(_ password: String, settings: PeopleSettings) async throws -> String {
        try settings.passwordPolicy.check(password)
        return try await PasswordHash.makeOffloaded(password, parameters: settings.passwordParameters)
    }

    @Sendable func create(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<Person> {
        let identity = try context.requireIdentity()
        let body = try await request.json(NewUser.self, context: context)
        try AccountPolicy.mayGrant(Set(body.roles), caller: identity.roles)  // before the costly hash
        let command = CreateAccount(
            agency: try context.parameters.require("agency"), person: try await Self.newPerson(body, settings: people.settings))
        let store = self.store
        let person = try await people.run(identity, request, context) { context, tx in
            try await command.run(context, accounts: PGAccounts(store: store, tx: tx))
        }
        return EditedResponse(status: .created, response: person)
    }

    struct Change: Decodable {
        var roles: [Role]?
        /// A department id; JSON null moves the person out of any department.
        var departmentId: UUID?
        var clearDepartment: Bool?
    }

    @Sendable func update(_ request: Request, context: QLVBRequestContext) async throws -> Person {
        let identity = try context.requireIdentity()
        let body = try await request.json(Change.self, context: context)
        let command = ChangeAccount(
            agency: try context.parameters.require("agency"), account: try context.parameters.require("account"), roles: body.roles.map(Set.init),
            departmentId: body.clearDepartment == true ? .some(nil) : body.departmentId.map { .some($0) })
        return try await run(identity, request, context) { context, accounts in try await command.run(context, accounts: accounts) }
    }

    struct Leaving: Decodable {
        /// The active account of the same agency that takes the account over (art. 22.2.b).
        var handedOverTo: String
    }

    @Sendable func leave(_ request: Request, context: QLVBRequestContext) async throws -> Person {
        let identity = try context.requireIdentity()
        let body = try await request.json(Leaving.self, context: context)
        let command = LeaveAgency(
            agency: try context.parameters.require("agency"), account: try context.parameters.require("account"), handedOverTo: body.handedOverTo)
        let store = self.store, schema = people.schema
        // The leave and the hand-over of the leaver's open work are one unit: both or neither.
        return try await people.run(identity, request, context) { context, tx in
            let left = try await command.run(context, accounts: PGAccounts(store: store, tx: tx))
            let ports = WorkflowPorts(schema: schema, tx: tx)
            let handed = try await HandOverWork(agency: command.agency, leaver: command.account, successor: command.handedOverTo)
                .run(context, documents: ports.documents, drafts: ports.drafts, staff: ports.staff)
            return Outcome(value: left.value, events: left.events + handed.events, audit: left.audit + handed.audit)
        }
    }

    struct NewPassword: Decodable { var password: String }

    @Sendable func resetPassword(_ request: Request, context: QLVBRequestContext) async throws -> HTTPResponse.Status {
        let identity = try context.requireIdentity()
        let agency = try context.parameters.require("agency"), account = try context.parameters.require("account")
        try AccountPolicy.mayResetPassword(ofAccount: account, caller: identity.account)  // before the costly hash
        let hash = try await Self.hash(try await request.json(NewPassword.self, context: context).password, settings: people.settings)
        let command = ResetPassword(agency: agency, account: account, hash: hash)
        try await run(identity, request, context) { context, accounts in try await command.run(context, accounts: accounts) }
        return .noContent
    }

    /// Ends every session of the account at once (a lost phone, a shared computer): its tokens issued until now are
    /// refused by every service; the person signs in again.
    @Sendable func revokeSessions(_ request: Request, context: QLVBRequestContext) async throws -> HTTPResponse.Status {
        let identity = try context.requireIdentity()
        let command = RevokeSessions(agency: try context.parameters.require("agency"), account: try context.parameters.require("account"))
        try await run(identity, request, context) { context, accounts in try await command.run(context, accounts: accounts) }
        return .noContent
    }

    /// Whether the person who left may download the account's documents as one archive, and who allowed it.
    struct ArchivePermission: ResponseEncodable, Decodable {
        var account: String
        var allowed: Bool
        var grantedBy: String?
        var grantedAt: Date?
    }

    @Sendable func archivePermission(_ request: Request, context: QLVBRequestContext) async throws -> ArchivePermission {
        let person = try await one(request, context: context)
        return ArchivePermission(
            account: person.account, allowed: person.archiveGrantedBy != nil, grantedBy: person.archiveGrantedBy,
            grantedAt: person.archiveGrantedAt)
    }

    @Sendable func grantArchive(_ request: Request, context: QLVBRequestContext) async throws -> ArchivePermission {
        let identity = try context.requireIdentity()
        let account = try context.parameters.require("account")
        let command = GrantArchive(agency: try context.parameters.require("agency"), account: account)
        let person = try await run(identity, request, context) { context, accounts in try await command.run(context, accounts: accounts) }
        return ArchivePermission(account: account, allowed: true, grantedBy: person.archiveGrantedBy, grantedAt: person.archiveGrantedAt)
    }

    private func run<T: Sendable>(
        _ identity: Identity, _ request: Request, _ context: QLVBRequestContext,
        _ command: (CommandContext, PGAccounts) async throws -> Outcome<T>
    ) async throws -> T {
        let store = self.store
        return try await people.run(identity, request, context) { context, tx in try await command(context, PGAccounts(store: store, tx: tx)) }
    }
}
