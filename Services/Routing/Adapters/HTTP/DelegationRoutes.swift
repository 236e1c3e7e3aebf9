import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/agencies/:agency/delegations…`: a leader asks to delegate, the head approves or refuses, the delegator or the
/// head revokes. Leaders, admins and the head see all of the agency's delegations; others only their own.
struct DelegationRoutes: Sendable {
    let people: PeopleService
    var store: DelegationStore { DelegationStore(schema: people.schema) }

    func add(to router: Router<QLVBRequestContext>) {
        let base: RouterPath = "agencies/:agency/delegations"
        router.group(base).add(middleware: RequireRoles(PeopleRoutes.everyone)).add(middleware: RefuseDelegated())
            .get(use: list).post(":id/revoke", use: revoke)
        router.group(base).add(middleware: RequireRoles(UserRecord.leaderRoles)).add(middleware: RefuseDelegated())
            .post(use: request)
        router.group(base).add(middleware: RequireRoles([.head])).add(middleware: RefuseDelegated())
            .post(":id/approve", use: approve).post(":id/refuse", use: refuse)
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Items<Delegation> {
        let identity = try context.requireIdentity()
        let seesAll = !identity.roles.isDisjoint(with: [.head, .deputy, .admin])
        return Items(items: try await store.list(
            agency: try context.parameters.require("agency"), involving: seesAll ? nil : identity.account, on: people.database))
    }

    struct Request_: Decodable {
        /// Defaults to the caller; only the head files a request for another leader.
        var delegator: String?
        var delegate: String
        var startsAt: Date
        var endsAt: Date
        var reason: String?
    }

    @Sendable func request(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<Delegation> {
        let identity = try context.requireIdentity()
        let body = try await request.json(Request_.self, context: context)
        let command = RequestDelegation(
            agency: try context.parameters.require("agency"), delegator: body.delegator, delegate: body.delegate, startsAt: body.startsAt,
            endsAt: body.endsAt, reason: body.reason)
        let schema = people.schema
        let delegation = try await people.run(identity, request, context) { context, tx in
            try await command.run(
                context, delegations: PGDelegations(store: DelegationStore(schema: schema), tx: tx), staff: PGStaffDirectory(schema: schema, tx: tx))
        }
        return EditedResponse(status: .created, response: delegation)
    }

    @Sendable func approve(_ request: Request, context: QLVBRequestContext) async throws -> Delegation {
        try await decide(request, context, approve: true)
    }

    @Sendable func refuse(_ request: Request, context: QLVBRequestContext) async throws -> Delegation {
        try await decide(request, context, approve: false)
    }

    private func decide(_ request: Request, _ context: QLVBRequestContext, approve: Bool) async throws -> Delegation {
        let identity = try context.requireIdentity()
        let command = DecideDelegation(agency: try context.parameters.require("agency"), id: try context.parameters.uuid("id"), approve: approve)
        let store = self.store
        return try await people.run(identity, request, context) { context, tx in
            try await command.run(context, delegations: PGDelegations(store: store, tx: tx))
        }
    }

    @Sendable func revoke(_ request: Request, context: QLVBRequestContext) async throws -> Delegation {
        let identity = try context.requireIdentity()
        let command = RevokeDelegation(agency: try context.parameters.require("agency"), id: try context.parameters.uuid("id"))
        let store = self.store
        return try await people.run(identity, request, context) { context, tx in
            try await command.run(context, delegations: PGDelegations(store: store, tx: tx))
        }
    }
}
