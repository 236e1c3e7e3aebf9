import Foundation

/// A leader asks to delegate (ủy quyền) for a period; the head files it for another leader, and a head's own
/// delegation is approved at once.
struct RequestDelegation: Sendable {
    var agency: String
    /// Defaults to the caller.
    var delegator: String?
    var delegate: String
    var startsAt: Date
    var endsAt: Date
    var reason: String?

    func run(_ context: CommandContext, delegations: some Delegations, staff: some StaffDirectory) async throws -> Outcome<Delegation> {
        let caller = context.acting
        let delegatorAccount = delegator ?? caller.account
        try DelegationPolicy.mayFile(caller: caller, delegator: delegatorAccount)
        guard let delegator = try await staff.colleague(delegatorAccount), delegator.agency == agency else {
            throw PeopleError.notFound("không có tài khoản \(delegatorAccount) trong cơ quan / no account \(delegatorAccount) in this agency")
        }
        let approved = try DelegationPolicy.request(
            delegator: delegator, delegate: try await staff.colleague(delegate), delegateAccount: delegate, startsAt: startsAt, endsAt: endsAt)
        let delegation = try await delegations.insert(
            delegator: delegator, delegate: delegate, startsAt: startsAt, endsAt: endsAt, reason: reason, requestedBy: caller.account,
            approved: approved)
        var record = context.record()
        record.audit(
            delegation.status == "approved" ? "delegation.create_approved" : "delegation.request", subject: delegation.id.lowercased,
            details: [
                "delegator": delegation.delegator, "delegate": delegation.delegate,
                "startsAt": ISO8601DateFormatter().string(from: delegation.startsAt),
                "endsAt": ISO8601DateFormatter().string(from: delegation.endsAt),
            ])
        return record.outcome(delegation)
    }
}
