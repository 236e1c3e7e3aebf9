import Auth
import Hummingbird
import ServiceKit

/// All HTTP routes of the people part: sign-in, agencies and departments, accounts, delegations, audit log.
struct PeopleRoutes: Sendable {
    /// Every role: reading one's own agency's directory.
    static let everyone = Set(Role.allCases)
    /// Who manages an agency's departments and accounts: its admin and its head (art. 22.1, 22.3).
    static let managers: Set<Role> = [.admin, .head]

    let people: PeopleService

    func add(to router: Router<QLVBRequestContext>) {
        AuthRoutes(people: people).add(to: router)
        AgencyRoutes(people: people).add(to: router)
        UserRoutes(people: people).add(to: router)
        DelegationRoutes(people: people).add(to: router)
        AuditRoutes(people: people).add(to: router)
    }
}
