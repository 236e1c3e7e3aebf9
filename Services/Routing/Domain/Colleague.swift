import Auth
import Foundation

/// A member of an agency (cán bộ) as the workflow rules see them: who they are, where, with which roles, and
/// whether they still work there.
struct Colleague: Sendable, Equatable {
    var account: String
    var agency: String
    var departmentId: UUID?
    var fullName: String
    var roles: Set<Role>
    var isActive: Bool

    /// Thủ trưởng or phó thủ trưởng.
    var isLeader: Bool { !roles.isDisjoint(with: [.head, .deputy]) }

    /// True when they still work in `agency`.
    func isActiveMember(of agency: String) -> Bool { isActive && self.agency == agency }
}
