import Foundation

/// The delegator or the head ends a delegation early (thu hồi ủy quyền). Routing checks the delegation at every
/// request, but other services trust the roles an act-for token carries until it expires, so the delegate's tokens
/// are revoked everywhere (`account.access_revoked`): the delegate signs in again, with their own roles.
struct RevokeDelegation: Sendable {
    var agency: String
    var id: UUID

    func run(_ context: CommandContext, delegations: some Delegations) async throws -> Outcome<Delegation> {
        let current = try await delegations.find(id, agency: agency)
        try DelegationPolicy.mayRevoke(caller: context.acting, delegator: current.delegator, status: current.status)
        let delegation = try await delegations.revoke(id, agency: agency, by: context.acting.account)
        var record = context.record()
        try record.revokeAccess(delegation.delegate, agency: agency, reason: "delegation_revoked")
        record.audit("delegation.revoke", subject: id.lowercased, details: ["delegator": delegation.delegator, "delegate": delegation.delegate])
        return record.outcome(delegation)
    }
}
