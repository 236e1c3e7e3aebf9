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

    @Test("Passwords have at least 8 characters")
    func passwords() {
        #expect(refusal { try AccountPolicy.acceptablePassword("ngắn") } == "bad_request")
        #expect(refusal { try AccountPolicy.acceptablePassword("mật-khẩu-đủ-dài") } == nil)
        #expect(refusal { try AccountPolicy.acceptablePassword(String(repeating: "x", count: 2000)) } == "bad_request")
    }

    @Test("Only a system admin resets a head's or an admin's password")
    func resettingPasswords() {
        #expect(refusal { try AccountPolicy.mayResetPassword(of: [.clerk], caller: [.head]) } == nil)
        #expect(refusal { try AccountPolicy.mayResetPassword(of: [.admin], caller: [.head]) } == "forbidden")
        #expect(refusal { try AccountPolicy.mayResetPassword(of: [.head], caller: [.head]) } == "forbidden")
        #expect(refusal { try AccountPolicy.mayResetPassword(of: [.head], caller: [.admin]) } == nil)
    }

    @Test("A refusal from the people side keeps both languages apart")
    func refusalLanguages() {
        let refused = refusalValue { try AccountPolicy.acceptablePassword("ngắn") }
        #expect(refused?.vietnamese == "mật khẩu cần ít nhất 8 ký tự")
        #expect(refused?.english == "the password needs at least 8 characters")
        #expect(refused?.kind == .badRequest)
    }
}
