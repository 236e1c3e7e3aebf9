import Contracts
import Foundation
import TestSupport
import XCTest

@testable import RoutingService

/// Changes that end an account's sessions announce it to every service (`account.access_revoked`, in the change's
/// transaction); changes that do not, do not.
final class SessionRevocationTests: XCTestCase {
    func testLeavingAPasswordResetARoleChangeAndAnAdminsRevocationEndSessions() async throws {
        let h = try await WorkflowHarness.make()
        let head = h.people.head, clerk = h.people.clerk
        let (first, second) = (h.people.specialists[0], h.people.specialists[1])

        try await h.expect(.ok, .patch, h.path("users/\(first)"), as: head, json: #"{"roles": ["specialist"]}"#, because: "same roles")
        var revoked = try await h.events(AccessRevoked.self)
        XCTAssertEqual(revoked.count, 0, "nothing changed that a token carries")

        try await h.expect(.ok, .patch, h.path("users/\(first)"), as: head, json: #"{"roles": ["specialist", "departmentHead"]}"#)
        try await h.expect(.noContent, .post, h.path("users/\(second)/password"), as: head, json: #"{"password": "Mat-khau-moi-2026"}"#)
        try await h.expect(.noContent, .post, h.path("users/\(clerk)/revoke-sessions"), as: head)
        try await h.expect(.forbidden, .post, h.path("users/\(head)/revoke-sessions"), as: second, because: "managers only")
        try await h.expect(.ok, .post, h.path("users/\(second)/leave"), as: head, json: #"{"handedOverTo": "\#(clerk)"}"#)

        revoked = try await h.events(AccessRevoked.self)
        XCTAssertEqual(revoked.map(\.account), [first, second, clerk, second])
        XCTAssertEqual(revoked.map(\.reason), ["roles_changed", "password_reset", "sessions_revoked", "left"])
        XCTAssertTrue(revoked.allSatisfy { $0.agency == h.agency && abs($0.notBefore.timeIntervalSinceNow) < 60 })
        let envelopes = try await h.envelopes(AccessRevoked.type)
        XCTAssertTrue(envelopes.allSatisfy { $0.agency == h.agency })
        let audit = try await h.audit("user.sessions_revoked")
        XCTAssertEqual(audit.map(\.subject), [clerk])
    }

    func testChangingOnesPasswordAndRevokingADelegationEndSessionsEverywhere() async throws {
        let h = try await WorkflowHarness.make()
        let f = h.people, delegate = h.people.specialists[0]
        try await h.expect(.noContent, .post, "/auth/password", as: f.clerk, json: PeopleFixtures.json(
            ["currentPassword": PeopleFixtures.password, "newPassword": "Mật khẩu mới của văn thư"]))

        let requested = try await h.send(.post, h.path("delegations"), as: f.deputy, json: PeopleFixtures.json([
            "delegate": delegate, "startsAt": "2026-01-01T00:00:00Z", "endsAt": "2030-01-01T00:00:00Z", "reason": "Đi công tác",
        ]))
        let id = try XCTUnwrap(requested.object["id"] as? String, requested.text)
        try await h.expect(.ok, .post, h.path("delegations/\(id)/approve"), as: f.head)
        let acting = try await h.send(.post, "/auth/act-for", as: delegate, json: PeopleFixtures.json(["onBehalfOf": f.deputy]))
        let token = try XCTUnwrap(acting.object["token"] as? String, acting.text)
        let identity = try await f.verifier.verify(token)
        _ = try await Acting.resolve(identity, schema: f.schema, at: Date(), on: f.database)
        try await h.expect(.ok, .post, h.path("delegations/\(id)/revoke"), as: f.deputy)

        // Routing refuses the act-for token at once (the delegation is checked at each request) …
        do {
            _ = try await Acting.resolve(identity, schema: f.schema, at: Date(), on: f.database)
            XCTFail("a revoked delegation still lets the delegate act")
        } catch let refusal as Refusal {
            XCTAssertEqual(refusal.kind, .forbidden)
        }
        // … and every other service, which trusts the token's roles, is told to refuse the delegate's tokens.
        let revoked = try await h.events(AccessRevoked.self)
        XCTAssertEqual(revoked.map(\.account), [f.clerk, delegate])
        XCTAssertEqual(revoked.map(\.reason), ["password_changed", "delegation_revoked"])
    }
}
