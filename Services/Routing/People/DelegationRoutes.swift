import Auth
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
        let agency = try context.parameters.require("agency")
        let body = try await request.json(Request_.self, context: context)
        let delegatorAccount = body.delegator ?? identity.account
        guard delegatorAccount == identity.account || identity.roles.contains(.head) else {
            throw PeopleError.forbidden("chỉ người ủy quyền hoặc thủ trưởng mới lập được ủy quyền / only the delegator or the head can file a delegation")
        }
        let store = self.store, schema = people.schema
        let delegation = try await people.write({ tx in
            guard let delegator = try await Directory.user(delegatorAccount, schema: schema, on: tx), delegator.agency == agency else {
                throw PeopleError.notFound("không có tài khoản \(delegatorAccount) trong cơ quan / no account \(delegatorAccount) in this agency")
            }
            return try await store.request(
                delegator: delegator, delegate: body.delegate, startsAt: body.startsAt, endsAt: body.endsAt, reason: body.reason,
                requestedBy: identity.account, tx: tx)
        }, audit: {
            AuditEntry(
                identity, action: $0.status == "approved" ? "delegation.create_approved" : "delegation.request",
                subject: $0.id.uuidString.lowercased(),
                details: ["delegator": $0.delegator, "delegate": $0.delegate, "startsAt": ISO8601DateFormatter().string(from: $0.startsAt),
                          "endsAt": ISO8601DateFormatter().string(from: $0.endsAt)],
                source: RequestSource.of(request, context: context))
        })
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
        let agency = try context.parameters.require("agency"), id = try context.parameters.uuid("id")
        let store = self.store
        return try await people.write({ tx in
            try await store.decide(id, agency: agency, approve: approve, head: identity.account, tx: tx)
        }, audit: {
            AuditEntry(
                identity, action: approve ? "delegation.approve" : "delegation.refuse", subject: id.uuidString.lowercased(),
                details: ["delegator": $0.delegator, "delegate": $0.delegate], source: RequestSource.of(request, context: context))
        })
    }

    @Sendable func revoke(_ request: Request, context: QLVBRequestContext) async throws -> Delegation {
        let identity = try context.requireIdentity()
        let agency = try context.parameters.require("agency"), id = try context.parameters.uuid("id")
        let store = self.store
        return try await people.write({ tx in
            let current = try await store.find(id, agency: agency, on: tx)
            guard current.delegator == identity.account || identity.roles.contains(.head) else {
                throw PeopleError.forbidden("chỉ người ủy quyền hoặc thủ trưởng mới thu hồi được / only the delegator or the head can revoke")
            }
            return try await store.revoke(id, agency: agency, by: identity.account, tx: tx)
        }, audit: {
            AuditEntry(identity, action: "delegation.revoke", subject: id.uuidString.lowercased(),
                       details: ["delegator": $0.delegator, "delegate": $0.delegate], source: RequestSource.of(request, context: context))
        })
    }
}
