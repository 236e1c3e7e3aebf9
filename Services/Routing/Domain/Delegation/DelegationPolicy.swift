import Auth
import Contracts
import Foundation

/// The rules of delegation (ủy quyền): a leader lends their authority for assigning and supervising documents to
/// a colleague for a while, with the head's approval (a head delegating himself approves at once).
enum DelegationPolicy {
    /// The roles that may delegate: head, deputy, head of department.
    static let delegatorRoles: Set<Role> = [.head, .deputy, .departmentHead]

    /// The caller of a request made with `onBehalfOf`: the delegator's authority, only while an approved delegation
    /// is in force and the delegator still works in the caller's agency.
    static func acting(_ identity: Identity, delegationInForce: Bool, delegator: Colleague?) throws -> Acting {
        guard let delegatorAccount = identity.onBehalfOf, delegatorAccount != identity.account else {
            return Acting(account: identity.account, principal: identity.account, agency: identity.agency, roles: identity.roles)
        }
        guard delegationInForce else {
            throw Refusal.forbidden(
                "delegation_not_active",
                "Không có ủy quyền đã được phê duyệt và còn hiệu lực từ \(delegatorAccount) cho \(identity.account)",
                "no approved delegation from \(delegatorAccount) to \(identity.account) is in force now")
        }
        guard let delegator, delegator.isActiveMember(of: identity.agency) else {
            throw Refusal.forbidden(
                "delegator_unknown", "Người ủy quyền \(delegatorAccount) không thuộc cơ quan hoặc đã nghỉ",
                "delegator \(delegatorAccount) is not an active member of this agency")
        }
        return Acting(account: identity.account, principal: delegatorAccount, agency: identity.agency, roles: delegator.roles)
    }

    /// Who may file a delegation for `delegator`: the delegator themself, or the head for another leader.
    static func mayFile(caller: Acting, delegator: String) throws {
        guard delegator == caller.account || caller.roles.contains(.head) else {
            throw PeopleError.forbidden(
                "chỉ người ủy quyền hoặc thủ trưởng mới lập được ủy quyền / only the delegator or the head can file a delegation")
        }
    }

    /// The request itself: an active leader delegating, for a period that ends after it starts, to another active
    /// member of the same agency. Returns whether it is approved at once (the head delegating needs nobody's approval).
    static func request(delegator: Colleague, delegate: Colleague?, delegateAccount: String, startsAt: Date, endsAt: Date) throws -> Bool {
        guard !delegator.roles.isDisjoint(with: delegatorRoles), delegator.isActive else {
            throw PeopleError.forbidden(
                "chỉ lãnh đạo (thủ trưởng, phó thủ trưởng, trưởng phòng) mới ủy quyền được / only a leader (head, deputy, head of department) can delegate")
        }
        guard endsAt > startsAt else {
            throw PeopleError.badRequest("thời hạn ủy quyền phải kết thúc sau khi bắt đầu / the delegation must end after it starts")
        }
        guard delegateAccount != delegator.account else {
            throw PeopleError.badRequest("không thể ủy quyền cho chính mình / one cannot delegate to oneself")
        }
        guard let delegate, delegate.isActiveMember(of: delegator.agency) else {
            throw PeopleError.badRequest(
                "người được ủy quyền \(delegateAccount) phải là tài khoản đang hoạt động của cùng cơ quan / \(delegateAccount) must be an active account of the same agency")
        }
        return delegator.roles.contains(.head)
    }

    /// The head approves or refuses a request only while it waits (the routes let only the head reach this).
    static func mayDecide(status: String) throws {
        guard status == "requested" else {
            throw PeopleError.conflict(
                "ủy quyền đang ở trạng thái \(status), không còn chờ duyệt / the delegation is \(status), not awaiting approval")
        }
    }

    /// The delegator or the head ends a delegation early, while it is requested or approved.
    static func mayRevoke(caller: Acting, delegator: String, status: String) throws {
        guard delegator == caller.account || caller.roles.contains(.head) else {
            throw PeopleError.forbidden("chỉ người ủy quyền hoặc thủ trưởng mới thu hồi được / only the delegator or the head can revoke")
        }
        guard ["requested", "approved"].contains(status) else {
            throw PeopleError.conflict("ủy quyền đã ở trạng thái \(status) / the delegation is already \(status)")
        }
    }

    /// A token for acting on behalf of `delegator` (`POST /auth/act-for`): only with an approved delegation in force
    /// (`inForce`); it adds the delegator's leader roles — never admin or clerk — and ends no later than the
    /// delegation.
    static func delegatedToken(
        roles: Set<Role>, expires: Date, delegator: String, inForce: (delegatorRoles: Set<Role>, endsAt: Date)?
    ) throws -> (roles: Set<Role>, expires: Date) {
        guard let inForce else {
            throw PeopleError.forbidden(
                "không có ủy quyền đã được Thủ trưởng phê duyệt và còn hiệu lực từ \(delegator) / no delegation from \(delegator) approved by the head and in force now")
        }
        return (roles.union(inForce.delegatorRoles.intersection(delegatorRoles)), min(expires, inForce.endsAt))
    }
}
