import Auth
import Contracts
import Foundation
import Testing

@testable import RoutingService

@Suite("Delegation rules")
struct DelegationPolicyTests {
    let start = Fixture.now
    var end: Date { start.addingTimeInterval(7 * 86_400) }

    @Test("Without onBehalfOf the caller acts for themself with their own roles")
    func actingForOneself() throws {
        let identity = Identity(account: "chuyenvien", agency: Fixture.agency, roles: [.specialist])
        let acting = try DelegationPolicy.acting(identity, delegationInForce: false, delegator: nil)
        #expect(acting == Fixture.specialist)
        #expect(acting.onBehalfOf == nil)
    }

    @Test("With a delegation in force the delegate uses the delegator's roles, and both names are kept")
    func actingForTheDelegator() throws {
        let identity = Identity(account: "chuyenvien", agency: Fixture.agency, roles: [.specialist], onBehalfOf: "thutruong")
        let acting = try DelegationPolicy.acting(identity, delegationInForce: true, delegator: Fixture.colleague("thutruong", [.head]))
        #expect(acting.principal == "thutruong")
        #expect(acting.onBehalfOf == "thutruong")
        #expect(acting.account == "chuyenvien")
        #expect(acting.isHead)
    }

    @Test("Without an approved delegation in force, acting for someone is refused")
    func noDelegationNoAuthority() {
        let identity = Identity(account: "chuyenvien", agency: Fixture.agency, roles: [.specialist], onBehalfOf: "thutruong")
        #expect(refusal { _ = try DelegationPolicy.acting(identity, delegationInForce: false, delegator: Fixture.colleague("thutruong", [.head])) }
            == "delegation_not_active")
    }

    @Test("A delegator who left, or belongs elsewhere, lends nothing")
    func delegatorMustStillWorkHere() {
        let identity = Identity(account: "chuyenvien", agency: Fixture.agency, roles: [.specialist], onBehalfOf: "thutruong")
        #expect(refusal { _ = try DelegationPolicy.acting(identity, delegationInForce: true, delegator: Fixture.colleague("thutruong", [.head], active: false)) }
            == "delegator_unknown")
        #expect(refusal { _ = try DelegationPolicy.acting(identity, delegationInForce: true, delegator: Fixture.colleague("thutruong", [.head], agency: "000.00.00.K01")) }
            == "delegator_unknown")
    }

    @Test("A leader files their own delegation; only the head files one for another leader")
    func whoFiles() {
        #expect(refusal { try DelegationPolicy.mayFile(caller: Fixture.deputy, delegator: "phothutruong") } == nil)
        #expect(refusal { try DelegationPolicy.mayFile(caller: Fixture.deputy, delegator: "truongphong") } == "forbidden")
        #expect(refusal { try DelegationPolicy.mayFile(caller: Fixture.head, delegator: "phothutruong") } == nil)
    }

    @Test("A deputy's delegation waits for the head's approval; the head's own is approved at once")
    func onlyWithTheHeadsPermission() throws {
        let delegate = Fixture.colleague("chuyenvien", [.specialist])
        #expect(try DelegationPolicy.request(
            delegator: Fixture.colleague("phothutruong", [.deputy]), delegate: delegate, delegateAccount: "chuyenvien", startsAt: start, endsAt: end) == false)
        #expect(try DelegationPolicy.request(
            delegator: Fixture.colleague("truongphong", [.departmentHead]), delegate: delegate, delegateAccount: "chuyenvien", startsAt: start, endsAt: end) == false)
        #expect(try DelegationPolicy.request(
            delegator: Fixture.colleague("thutruong", [.head]), delegate: delegate, delegateAccount: "chuyenvien", startsAt: start, endsAt: end) == true)
    }

    @Test("Only leaders delegate, for a real period, to another active colleague of the agency")
    func requestRules() {
        let deputy = Fixture.colleague("phothutruong", [.deputy])
        let delegate = Fixture.colleague("chuyenvien", [.specialist])
        func check(_ delegator: Colleague, _ delegate: Colleague?, _ account: String = "chuyenvien", ends: Date? = nil) -> String? {
            refusal { _ = try DelegationPolicy.request(delegator: delegator, delegate: delegate, delegateAccount: account, startsAt: start, endsAt: ends ?? end) }
        }
        #expect(check(Fixture.colleague("chuyenvien2", [.specialist]), delegate) == "forbidden")
        #expect(check(Fixture.colleague("phothutruong", [.deputy], active: false), delegate) == "forbidden")
        #expect(check(deputy, delegate, ends: start) == "bad_request")
        #expect(check(deputy, deputy, "phothutruong") == "bad_request")
        #expect(check(deputy, Fixture.colleague("chuyenvien", [.specialist], agency: "000.00.00.K01")) == "bad_request")
        #expect(check(deputy, Fixture.colleague("chuyenvien", [.specialist], active: false)) == "bad_request")
        #expect(check(deputy, nil) == "bad_request")
    }

    @Test("The head decides only a waiting request", arguments: [("requested", true), ("approved", false), ("refused", false), ("revoked", false)])
    func deciding(_ status: String, _ allowed: Bool) {
        #expect(refusal { try DelegationPolicy.mayDecide(status: status) } == (allowed ? nil : "conflict"))
    }

    @Test("The delegator or the head revokes a requested or approved delegation")
    func revoking() {
        #expect(refusal { try DelegationPolicy.mayRevoke(caller: Fixture.deputy, delegator: "phothutruong", status: "approved") } == nil)
        #expect(refusal { try DelegationPolicy.mayRevoke(caller: Fixture.head, delegator: "phothutruong", status: "requested") } == nil)
        #expect(refusal { try DelegationPolicy.mayRevoke(caller: Fixture.otherDeputy, delegator: "phothutruong", status: "approved") } == "forbidden")
        #expect(refusal { try DelegationPolicy.mayRevoke(caller: Fixture.deputy, delegator: "phothutruong", status: "revoked") } == "conflict")
    }

    @Test("A delegated token adds only the delegator's leader roles and ends with the delegation")
    func delegatedToken() throws {
        let tokenEnd = start.addingTimeInterval(8 * 3600)
        let token = try DelegationPolicy.delegatedToken(
            roles: [.specialist], expires: tokenEnd, delegator: "thutruong", inForce: (delegatorRoles: [.head, .admin], endsAt: start.addingTimeInterval(3600)))
        #expect(token.roles == [.specialist, .head])
        #expect(token.expires == start.addingTimeInterval(3600))
        let later = try DelegationPolicy.delegatedToken(
            roles: [.specialist], expires: tokenEnd, delegator: "thutruong", inForce: (delegatorRoles: [.deputy], endsAt: end))
        #expect(later.expires == tokenEnd)
    }

    @Test("Without a delegation approved by the head there is no delegated token")
    func noDelegatedTokenWithoutApproval() {
        let refused = refusalValue {
            _ = try DelegationPolicy.delegatedToken(roles: [.specialist], expires: end, delegator: "thutruong", inForce: nil)
        }
        #expect(refused?.kind == .forbidden)
        #expect(refused?.english.contains("approved by the head") == true)
    }
}
