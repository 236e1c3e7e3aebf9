import Foundation

/// The head approves or refuses a delegation request (the routes let only the head in).
struct DecideDelegation: Sendable {
    var agency: String
    var id: UUID
    var approve: Bool

    func run(_ context: CommandContext, delegations: some Delegations) async throws -> Outcome<Delegation> {
        let current = try await delegations.find(id, agency: agency)
        try DelegationPolicy.mayDecide(status: current.status)
        let delegation = try await delegations.decide(id, agency: agency, approve: approve, head: context.acting.account)
        var record = context.record()
        record.audit(
            approve ? "delegation.approve" : "delegation.refuse", subject: id.lowercased,
            details: ["delegator": delegation.delegator, "delegate": delegation.delegate])
        return record.outcome(delegation)
    }
}
