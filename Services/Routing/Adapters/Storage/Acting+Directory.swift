import Auth
import Contracts
import Foundation
import Storage

extension Acting {
    /// The caller of one request: themself, or — with `onBehalfOf` — the delegator, whose roles they use, once the
    /// directory confirms an approved delegation in force at `now` and that the delegator is an active colleague.
    static func resolve(_ identity: Identity, schema: String, at now: Date, on executor: some PGExecutor) async throws -> Acting {
        guard let delegator = identity.onBehalfOf, delegator != identity.account else {
            return Acting(account: identity.account, principal: identity.account, agency: identity.agency, roles: identity.roles)
        }
        let inForce = try await Directory.activeDelegation(delegator: delegator, delegate: identity.account, at: now, schema: schema, on: executor)
        let user = inForce ? try await Directory.user(delegator, schema: schema, on: executor) : nil
        return try DelegationPolicy.acting(
            identity, delegationInForce: inForce, delegator: user.map { Colleague($0) })
    }
}
