import Foundation

/// The delegator or the head ends a delegation early (thu hồi ủy quyền).
struct RevokeDelegation: Sendable {
    var agency: String
    var id: UUID

    func run(_ context: CommandContext, delegations: some Delegations) async throws -> Outcome<Delegation> {
        let current = try await delegations.find(id, agency: agency)
        try DelegationPolicy.mayRevoke(caller: context.acting, delegator: current.delegator, status: current.status)
        let delegation = try await delegations.revoke(id, agency: agency, by: context.acting.account)
        var record = context.record()
        record.audit("delegation.revoke", subject: id.lowercased, details: ["delegator": delegation.delegator, "delegate": delegation.delegate])
        return record.outcome(delegation)
    }
}
