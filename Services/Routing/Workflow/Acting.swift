import Auth
import Foundation
import Storage

/// Who performs an action and whose authority it uses.
///
/// A token with `onBehalfOf` is a delegate acting for a leader (ủy quyền): the action counts as the delegator's
/// (their roles, their tasks) only while an approved delegation covers this moment; the audit log keeps both names.
struct Acting: Sendable {
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

    static func resolve(_ identity: Identity, schema: String, at now: Date, on executor: some PGExecutor) async throws -> Acting {
        guard let delegator = identity.onBehalfOf, delegator != identity.account else {
            return Acting(account: identity.account, principal: identity.account, agency: identity.agency, roles: identity.roles)
        }
        guard try await Directory.activeDelegation(delegator: delegator, delegate: identity.account, at: now, schema: schema, on: executor)
        else {
            throw WorkflowError.forbidden(
                "delegation_not_active",
                "Không có ủy quyền đã được phê duyệt và còn hiệu lực từ \(delegator) cho \(identity.account)",
                "no approved delegation from \(delegator) to \(identity.account) is in force now")
        }
        guard let user = try await Directory.user(delegator, schema: schema, on: executor), user.isActive,
            user.agency == identity.agency
        else {
            throw WorkflowError.forbidden(
                "delegator_unknown", "Người ủy quyền \(delegator) không thuộc cơ quan hoặc đã nghỉ",
                "delegator \(delegator) is not an active member of this agency")
        }
        return Acting(account: identity.account, principal: delegator, agency: identity.agency, roles: user.roles)
    }

    /// - Parameters: what the action is, in Vietnamese and in English ("phân công xử lý", "assign handlers").
    func requireLeader(_ vietnamese: String, _ english: String) throws {
        guard isLeader else {
            throw WorkflowError.forbidden(
                "leader_only", "Chỉ lãnh đạo cơ quan (thủ trưởng, phó thủ trưởng) được \(vietnamese)",
                "only the agency's head or deputy may \(english)")
        }
    }
}
