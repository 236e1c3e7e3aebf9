import Auth
import Contracts
import Foundation

/// Who performs an action and whose authority it uses.
///
/// A token with `onBehalfOf` is a delegate acting for a leader (ủy quyền): the action counts as the delegator's
/// (their roles, their tasks) only while an approved delegation covers this moment; the audit log keeps both names.
struct Acting: Sendable, Equatable {
    /// Who sent the request.
    let account: String
    /// Whose authority the action uses: the delegator, or the caller themself.
    let principal: String
    let agency: String
    /// The principal's roles.
    let roles: Set<Role>

    var onBehalfOf: String? { principal == account ? nil : principal }
    /// Thủ trưởng or phó thủ trưởng: the people who assign incoming documents.
    var isLeader: Bool { !roles.isDisjoint(with: [.head, .deputy]) }
    var isHead: Bool { roles.contains(.head) }

    /// - Parameters: what the action is, in Vietnamese and in English ("phân công xử lý", "assign handlers").
    func requireLeader(_ vietnamese: String, _ english: String) throws {
        guard isLeader else {
            throw Refusal.forbidden(
                "leader_only", "Chỉ lãnh đạo cơ quan (thủ trưởng, phó thủ trưởng) được \(vietnamese)",
                "only the agency's head or deputy may \(english)")
        }
    }
}
