import Auth

/// Who may see what of the incoming register (need to know, Sơn La regulation art. 11): the clerk (văn thư) who
/// keeps it and the agency's leaders who assign from it see the whole register and print it; everyone else sees
/// only the documents they were assigned (as main handler, co-handler or reader), as in routing.
enum RegisterAccess: Equatable, Sendable {
    case wholeRegister
    case assignedTo(String)

    static let wholeRegisterRoles: Set<Role> = [.clerk, .head, .deputy]

    init(_ identity: Identity) {
        self = identity.roles.isDisjoint(with: Self.wholeRegisterRoles) ? .assignedTo(identity.account) : .wholeRegister
    }

    /// The account whose documents alone may be shown; nil for the whole register.
    var readableBy: String? {
        switch self {
        case .wholeRegister: nil
        case .assignedTo(let account): account
        }
    }
}
