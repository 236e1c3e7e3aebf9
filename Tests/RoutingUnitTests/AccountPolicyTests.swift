import Auth
import Contracts
import Testing

@testable import RoutingService

@Suite("Account administration rules")
struct AccountPolicyTests {
    @Test("A head gives ordinary roles but never the head or admin role; an admin gives any", arguments: [
        (Set<Role>([.specialist, .departmentHead]), Set<Role>([.head]), true),
        (Set<Role>([.head]), Set<Role>([.head]), false),
        (Set<Role>([.admin]), Set<Role>([.head]), false),
        (Set<Role>([.head]), Set<Role>([.admin]), true),
        (Set<Role>([.clerk]), Set<Role>([.admin]), true),
    ])
    func grantingRoles(_ changed: Set<Role>, _ caller: Set<Role>, _ allowed: Bool) {
        #expect(refusal { try AccountPolicy.mayGrant(changed, caller: caller) } == (allowed ? nil : "forbidden"))
    }

    @Test("Taking the admin role away counts as a change of it")
    func takingAwayIsAChange() {
        let changed = AccountPolicy.changed(from: [.admin, .deputy], to: [.deputy])
        #expect(changed == [.admin])
        #expect(refusal { try AccountPolicy.mayGrant(changed, caller: [.head]) } == "forbidden")
        #expect(AccountPolicy.changed(from: [.deputy], to: [.deputy]).isEmpty)
    }

    @Test("Only a system admin resets a head's or an admin's password")
    func resettingPasswords() {
        #expect(refusal { try AccountPolicy.mayResetPassword(of: [.clerk], caller: [.head]) } == nil)
        #expect(refusal { try AccountPolicy.mayResetPassword(of: [.admin], caller: [.head]) } == "forbidden")
        #expect(refusal { try AccountPolicy.mayResetPassword(of: [.head], caller: [.head]) } == "forbidden")
        #expect(refusal { try AccountPolicy.mayResetPassword(of: [.head], caller: [.admin]) } == nil)
    }

    @Test("Nobody resets their own password: that is change-password, proving the current one")
    func resettingOnesOwnPassword() {
        let refused = refusalValue { try AccountPolicy.mayResetPassword(ofAccount: "quantri.ubnd", caller: "quantri.ubnd") }
        #expect(refused?.code == "own_password_reset")
        #expect(refused?.kind == .conflict)
        #expect(refused?.vietnamese.isEmpty == false && refused?.english.contains("/auth/password") == true)
        #expect(refusal { try AccountPolicy.mayResetPassword(ofAccount: "anhhtn.ubnd", caller: "quantri.ubnd") } == nil)
    }

    static let hierarchyCases: [(target: Set<Role>, caller: Set<Role>, allowed: Bool)] = [
        ([.admin], [.head], false),
        ([.head], [.head], false),
        ([.deputy, .head], [.head], false),
        ([.clerk], [.head], true),
        ([.deputy], [.head], true),
        ([.head], [.admin], true),
        ([.admin], [.admin], true),
    ]

    @Test("Only an admin changes or makes leave a head or an admin; a head manages everyone else", arguments: hierarchyCases)
    func hierarchy(_ c: (target: Set<Role>, caller: Set<Role>, allowed: Bool)) {
        #expect(refusal { try AccountPolicy.mayManage(c.target, caller: c.caller) } == (c.allowed ? nil : "forbidden"))
    }
}
