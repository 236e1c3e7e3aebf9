import Contracts
import Auth
import Foundation
import Hummingbird
import ServiceKit

/// `/agencies` (system admin: list and create hosted agencies) and `/agencies/:agency/departments`.
struct AgencyRoutes: Sendable {
    let people: PeopleService
    var store: PeopleStore { PeopleStore(schema: people.schema) }

    func add(to router: Router<QLVBRequestContext>) {
        let admin = router.group("agencies")
            .add(middleware: RequireRoles([.admin], agencyParameter: nil)).add(middleware: RefuseDelegated())
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
        if let admin = body.admin { firstAdmin = try await UserRoutes.newPerson(admin, parameters: people.settings.passwordParameters) }
        let store = self.store, newAdmin = firstAdmin
        let created = try await people.write({ tx in
            try await store.createAgency(agency, in: tx)
            var admin: Person?
            if let newAdmin { admin = try await store.createPerson(newAdmin, in: agency, tx: tx) }
            return Created(agency: agency, admin: admin)
        }, audit: { (created: Created) in
            AuditEntry(
                identity, action: "agency.create", subject: agency.code,
                details: ["name": agency.name, "shortName": agency.shortName, "admin": created.admin?.account ?? ""],
                source: RequestSource.of(request, context: context))
        })
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
        let store = self.store
        let department = try await people.write({ tx in
            try await store.createDepartment(agency: agency, name: body.name, in: tx)
        }, audit: {
            AuditEntry(identity, action: "department.create", subject: $0.id.uuidString.lowercased(), details: ["name": $0.name],
                       source: RequestSource.of(request, context: context))
        })
        return EditedResponse(status: .created, response: department)
    }
}
