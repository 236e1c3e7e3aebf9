import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/agencies` (the installation's operator: list and create hosted agencies; everyone of an agency reads its own)
/// and `/agencies/:agency/departments`.
struct AgencyRoutes: Sendable {
    let people: PeopleService
    var store: PeopleStore { PeopleStore(schema: people.schema) }

    func add(to router: Router<QLVBRequestContext>) {
        let admin = router.group("agencies")
            .add(middleware: RequireRoles([.operator], agencyParameter: nil)).add(middleware: RefuseDelegated())
        admin.get(use: list)
        admin.post(use: create)

        router.group("agencies/:agency").add(middleware: RequireRoles(PeopleRoutes.everyone)).get(use: one)
        let departments = router.group("agencies/:agency/departments")
        departments.group().add(middleware: RequireRoles(PeopleRoutes.everyone)).get(use: listDepartments)
        departments.group().add(middleware: RequireRoles(PeopleRoutes.managers)).add(middleware: RefuseDelegated())
            .post(use: createDepartment)
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Items<Agency> {
        Items(items: try await store.agencies(on: people.database))
    }

    struct NewAgency: Decodable {
        var code: String
        var name: String
        var shortName: String
        /// The agency's first administrator, so it can be managed from inside (nobody acts across agencies).
        var admin: UserRoutes.NewUser?
    }

    struct Created: ResponseEncodable {
        var agency: Agency
        var admin: Person?
    }

    @Sendable func create(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<Created> {
        let identity = try context.requireIdentity()
        let body = try await request.json(NewAgency.self, context: context)
        let agency = Agency(code: body.code, name: body.name.trimmingCharacters(in: .whitespaces), shortName: body.shortName)
        var firstAdmin: PeopleStore.NewPerson?
        if let admin = body.admin { firstAdmin = try await UserRoutes.newPerson(admin, settings: people.settings) }
        let command = CreateAgency(agency: agency, firstAdmin: firstAdmin)
        let store = self.store
        let done = try await people.run(identity, request, context) { context, tx in
            try await command.run(context, accounts: PGAccounts(store: store, tx: tx))
        }
        let created = Created(agency: done.agency, admin: done.admin)
        return EditedResponse(status: .created, response: created)
    }

    @Sendable func one(_ request: Request, context: QLVBRequestContext) async throws -> Agency {
        let code = try context.parameters.require("agency")
        guard let agency = try await store.agency(code, on: people.database) else {
            throw PeopleError.notFound("không có cơ quan \(code) / no agency \(code)")
        }
        return agency
    }

    @Sendable func listDepartments(_ request: Request, context: QLVBRequestContext) async throws -> Items<Department> {
        Items(items: try await store.departments(of: try context.parameters.require("agency"), on: people.database))
    }

    struct NewDepartment: Decodable { var name: String }

    @Sendable func createDepartment(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<Department> {
        let identity = try context.requireIdentity()
        let agency = try context.parameters.require("agency")
        let body = try await request.json(NewDepartment.self, context: context)
        let command = CreateDepartment(agency: agency, name: body.name)
        let store = self.store
        let department = try await people.run(identity, request, context) { context, tx in
            try await command.run(context, accounts: PGAccounts(store: store, tx: tx))
        }
        return EditedResponse(status: .created, response: department)
    }
}
