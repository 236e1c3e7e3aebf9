import Contracts
import Auth
import Foundation
import Hummingbird
import ServiceKit

/// `/agencies/:agency/users…`: the agency's accounts. Everyone of the agency reads the directory; its admin and head
/// create accounts, change roles and departments, hand over the account of a person who leaves and reset passwords;
/// only the head allows a person who left to download the account's documents (art. 22.1.c).
struct UserRoutes: Sendable {
    let people: PeopleService
    var store: PeopleStore { PeopleStore(schema: people.schema) }
    /// Roles only a system admin gives or takes away: a head cannot make another head or an admin.
    static let adminOnlyRoles: Set<Role> = [.admin, .head]

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

    static func newPerson(_ body: NewUser, parameters: PasswordHash.Parameters) async throws -> PeopleStore.NewPerson {
        var hashed: String?
        if let password = body.password { hashed = try await hash(password, parameters: parameters) }
        return PeopleStore.NewPerson(
            fullName: body.fullName, givenName: body.givenName, birthYear: body.birthYear, departmentId: body.departmentId,
            roles: Set(body.roles), passwordHash: hashed, explicitAccount: body.account)
    }

    static func hash(_ password: String, parameters: PasswordHash.Parameters) async throws -> String {
        guard password.count >= 8, password.utf8.count <= 1024 else {
            throw PeopleError.badRequest("mật khẩu cần ít nhất 8 ký tự / the password needs at least 8 characters")
        }
        return try await PasswordHash.makeOffloaded(password, parameters: parameters)
    }

    private func checkRolesGrantable(_ roles: Set<Role>, by identity: Identity) throws {
        if !identity.roles.contains(.admin), !roles.isDisjoint(with: Self.adminOnlyRoles) {
            throw PeopleError.forbidden(
                "chỉ quản trị hệ thống mới giao hoặc thu hồi vai trò thủ trưởng, quản trị / only an admin gives or takes away the head and admin roles")
        }
    }

    @Sendable func create(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<Person> {
        let identity = try context.requireIdentity()
        let code = try context.parameters.require("agency")
        let body = try await request.json(NewUser.self, context: context)
        try checkRolesGrantable(Set(body.roles), by: identity)
        let new = try await Self.newPerson(body, parameters: people.settings.passwordParameters)
        let store = self.store
        let person = try await people.write({ tx in
            guard let agency = try await store.agency(code, on: tx) else {
                throw PeopleError.notFound("không có cơ quan \(code) / no agency \(code)")
            }
            return try await store.createPerson(new, in: agency, tx: tx)
        }, audit: {
            AuditEntry(
                identity, action: "user.create", subject: $0.account,
                details: ["fullName": $0.fullName, "roles": $0.roles.joined(separator: ","), "department": $0.departmentId?.uuidString.lowercased() ?? ""],
                source: RequestSource.of(request, context: context))
        })
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
        let agency = try context.parameters.require("agency"), account = try context.parameters.require("account")
        let body = try await request.json(Change.self, context: context)
        let store = self.store
        let department: UUID?? = body.clearDepartment == true ? .some(nil) : body.departmentId.map { .some($0) }
        var rolesChanged = false
        return try await people.write({ tx in
            if let roles = body.roles {
                let current = Set(try await store.requirePerson(account, agency: agency, on: tx).roles.compactMap(Role.init(rawValue:)))
                try checkRolesGrantable(current.symmetricDifference(roles), by: identity)
                rolesChanged = current != Set(roles)
            }
            return try await store.update(account, agency: agency, roles: body.roles.map(Set.init), departmentId: department, tx: tx)
        }, audit: {
            AuditEntry(
                identity, action: "user.update", subject: account,
                details: ["roles": $0.roles.joined(separator: ","), "department": $0.departmentId?.uuidString.lowercased() ?? ""],
                source: RequestSource.of(request, context: context))
        }, revoke: { _ in rolesChanged ? (account, agency, "roles_changed") : nil })  // tokens carry the roles
    }

    struct Leaving: Decodable {
        /// The active account of the same agency that takes the account over (art. 22.2.b).
        var handedOverTo: String
    }

    @Sendable func leave(_ request: Request, context: QLVBRequestContext) async throws -> Person {
        let identity = try context.requireIdentity()
        let agency = try context.parameters.require("agency"), account = try context.parameters.require("account")
        let body = try await request.json(Leaving.self, context: context)
        let store = self.store
        return try await people.write({ tx in
            try await store.leave(account, agency: agency, handedOverTo: body.handedOverTo, by: identity.account, tx: tx)
        }, audit: { _ in
            AuditEntry(identity, action: "user.leave", subject: account, details: ["handedOverTo": body.handedOverTo],
                       source: RequestSource.of(request, context: context))
        }, revoke: { _ in (account, agency, "left") })
    }

    struct NewPassword: Decodable { var password: String }

    @Sendable func resetPassword(_ request: Request, context: QLVBRequestContext) async throws -> HTTPResponse.Status {
        let identity = try context.requireIdentity()
        let agency = try context.parameters.require("agency"), account = try context.parameters.require("account")
        let hash = try await Self.hash(try await request.json(NewPassword.self, context: context).password, parameters: people.settings.passwordParameters)
        let store = self.store
        try await people.write({ tx in
            let person = try await store.requirePerson(account, agency: agency, on: tx)
            if person.roles.contains(Role.admin.rawValue) || person.roles.contains(Role.head.rawValue), !identity.roles.contains(.admin) {
                throw PeopleError.forbidden("chỉ quản trị hệ thống mới đặt lại mật khẩu của thủ trưởng, quản trị / only an admin resets a head's or an admin's password")
            }
            try await store.setPassword(account, hash: hash, on: tx)
        }, audit: { _ in AuditEntry(identity, action: "user.password_reset", subject: account, source: RequestSource.of(request, context: context)) },
           revoke: { _ in (account, agency, "password_reset") })
        return .noContent
    }

    /// Ends every session of the account at once (a lost phone, a shared computer): its tokens issued until now are
    /// refused by every service; the person signs in again.
    @Sendable func revokeSessions(_ request: Request, context: QLVBRequestContext) async throws -> HTTPResponse.Status {
        let identity = try context.requireIdentity()
        let agency = try context.parameters.require("agency"), account = try context.parameters.require("account")
        let store = self.store
        try await people.write({ tx in
            _ = try await store.requirePerson(account, agency: agency, on: tx)
        }, audit: { _ in AuditEntry(identity, action: "user.sessions_revoked", subject: account, source: RequestSource.of(request, context: context)) },
           revoke: { _ in (account, agency, "sessions_revoked") })
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
        let agency = try context.parameters.require("agency"), account = try context.parameters.require("account")
        let store = self.store
        let person = try await people.write({ tx in
            try await store.grantArchive(account, agency: agency, by: identity.account, tx: tx)
        }, audit: { _ in AuditEntry(identity, action: "user.archive_granted", subject: account, source: RequestSource.of(request, context: context)) })
        return ArchivePermission(account: account, allowed: true, grantedBy: person.archiveGrantedBy, grantedAt: person.archiveGrantedAt)
    }
}
