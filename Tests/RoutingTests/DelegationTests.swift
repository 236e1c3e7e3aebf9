import Auth
import Foundation
import XCTest

@testable import RoutingService

/// Delegation (ủy quyền): only with the head's approval, only while in force, and always recorded as acting for.
final class DelegationTests: XCTestCase {
    static func period(from start: TimeInterval = -3600, to end: TimeInterval = 7 * 86400) -> (String, String) {
        let f = ISO8601DateFormatter()
        return (f.string(from: Date().addingTimeInterval(start)), f.string(from: Date().addingTimeInterval(end)))
    }

    func request(_ f: PeopleFixtures, as account: String, delegate: String, from: TimeInterval = -3600, to: TimeInterval = 7 * 86400,
                 delegator: String? = nil) async throws -> PeopleFixtures.Reply {
        let (start, end) = Self.period(from: from, to: to)
        var body: [String: Any] = ["delegate": delegate, "startsAt": start, "endsAt": end, "reason": "Đi công tác"]
        if let delegator { body["delegator"] = delegator }
        return try await f.send(.post, "\(f.base)/delegations", as: account, json: PeopleFixtures.json(body))
    }

    func actFor(_ f: PeopleFixtures, as account: String, _ delegator: String) async throws -> PeopleFixtures.Reply {
        try await f.send(.post, "/auth/act-for", as: account, json: PeopleFixtures.json(["onBehalfOf": delegator]))
    }

    func testWithoutTheHeadsApprovalActingForIsRefusedWithItItWorks() async throws {
        try await withPeople { f in
            let delegate = f.specialists[0]
            let requested = try await request(f, as: f.deputy, delegate: delegate)
            XCTAssertEqual(requested.status, .created, requested.text)
            XCTAssertEqual(requested.object["status"] as? String, "requested")
            let id = try XCTUnwrap(requested.object["id"] as? String)

            let refused = try await actFor(f, as: delegate, f.deputy)
            XCTAssertEqual(refused.status, .forbidden, refused.text)
            XCTAssertTrue(refused.message.en.contains("approved by the head"))
            try await assertFalse(try await Directory.activeDelegation(delegator: f.deputy, delegate: delegate, at: Date(), schema: f.schema, on: f.database))

            try await assertEqual(try await f.send(.post, "\(f.base)/delegations/\(id)/approve", as: f.deputy).status, .forbidden)
            try await assertEqual(try await f.send(.post, "\(f.base)/delegations/\(id)/approve", as: f.admin).status, .forbidden)
            let approved = try await f.send(.post, "\(f.base)/delegations/\(id)/approve", as: f.head)
            XCTAssertEqual(approved.status, .ok, approved.text)
            XCTAssertEqual(approved.object["approvedBy"] as? String, f.head)
            try await assertEqual(try await f.send(.post, "\(f.base)/delegations/\(id)/approve", as: f.head).status, .conflict)
            try await assertTrue(try await Directory.activeDelegation(delegator: f.deputy, delegate: delegate, at: Date(), schema: f.schema, on: f.database))

            let acting = try await actFor(f, as: delegate, f.deputy)
            XCTAssertEqual(acting.status, .ok, acting.text)
            let identity = try await f.verifier.verify(try XCTUnwrap(acting.object["token"] as? String))
            XCTAssertEqual(identity.account, delegate)
            XCTAssertEqual(identity.onBehalfOf, f.deputy)
            XCTAssertEqual(identity.roles, [.specialist, .deputy])
            // Signing in directly for the delegator gives the same.
            let direct = try await f.signIn(delegate, onBehalfOf: f.deputy)
            XCTAssertEqual(direct.object["onBehalfOf"] as? String, f.deputy)
            // Somebody else cannot use it.
            try await assertEqual(try await actFor(f, as: f.specialists[1], f.deputy).status, .forbidden)

            // The delegate's token serves assigning and supervising, not people administration.
            let token = try XCTUnwrap(acting.object["token"] as? String)
            let manage = try await f.send(.post, "\(f.base)/delegations", token: token, json: PeopleFixtures.json(
                ["delegate": f.clerk, "startsAt": "2026-01-01T00:00:00Z", "endsAt": "2030-01-01T00:00:00Z"]))
            XCTAssertEqual(manage.status, .forbidden)

            // Every step is in the audit log, acting-for with the delegator.
            let entries = try await f.auditEntries()
            let act = try XCTUnwrap(entries.last { $0.entry.action == "auth.act_for" })
            XCTAssertEqual(act.entry.actor, delegate)
            XCTAssertEqual(act.entry.onBehalfOf, f.deputy)
            XCTAssertEqual(entries.filter { $0.entry.action.hasPrefix("delegation.") }.map(\.entry.action), ["delegation.request", "delegation.approve"])

            // Revoked: no longer in force.
            try await assertEqual(try await f.send(.post, "\(f.base)/delegations/\(id)/revoke", as: f.specialists[1]).status, .forbidden)
            try await assertEqual(try await f.send(.post, "\(f.base)/delegations/\(id)/revoke", as: f.deputy).status, .ok)
            try await assertEqual(try await actFor(f, as: delegate, f.deputy).status, .forbidden)
        }
    }

    func testAHeadDelegatingHimselfCountsAsApprovedAndTheTokenEndsWithTheDelegation() async throws {
        try await withPeople { f in
            let requested = try await request(f, as: f.head, delegate: f.deputy, to: 600)
            XCTAssertEqual(requested.object["status"] as? String, "approved", requested.text)
            XCTAssertEqual(requested.object["approvedBy"] as? String, f.head)
            let acting = try await actFor(f, as: f.deputy, f.head)
            XCTAssertEqual(acting.status, .ok, acting.text)
            let identity = try await f.verifier.verify(try XCTUnwrap(acting.object["token"] as? String))
            XCTAssertEqual(identity.roles, [.deputy, .head])
            let expires = try XCTUnwrap(acting.object["expiresAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
            XCTAssertLessThanOrEqual(try XCTUnwrap(expires).timeIntervalSinceNow, 601)
        }
    }

    func testExpiredNotYetStartedAndRefusedDelegationsAreRefused() async throws {
        try await withPeople { f in
            let expired = try await request(f, as: f.head, delegate: f.clerk, from: -7200, to: -60)
            XCTAssertEqual(expired.object["status"] as? String, "approved")
            try await assertEqual(try await actFor(f, as: f.clerk, f.head).status, .forbidden)
            let future = try await request(f, as: f.head, delegate: f.specialists[0], from: 3600, to: 7200)
            XCTAssertEqual(future.object["status"] as? String, "approved")
            try await assertEqual(try await actFor(f, as: f.specialists[0], f.head).status, .forbidden)

            let requested = try await request(f, as: f.departmentHead, delegate: f.specialists[1])
            let id = try XCTUnwrap(requested.object["id"] as? String)
            let refused = try await f.send(.post, "\(f.base)/delegations/\(id)/refuse", as: f.head)
            XCTAssertEqual(refused.object["status"] as? String, "refused")
            try await assertEqual(try await actFor(f, as: f.specialists[1], f.departmentHead).status, .forbidden)
            try await assertEqual(try await f.send(.post, "\(f.base)/delegations/\(id)/approve", as: f.head).status, .conflict)
        }
    }

    func testOnlyLeadersDelegateToActivePeopleOfTheirOwnAgency() async throws {
        try await withPeople { f in
            try await assertEqual(try await request(f, as: f.specialists[0], delegate: f.clerk).status, .forbidden)
            try await assertEqual(try await request(f, as: f.clerk, delegate: f.specialists[0]).status, .forbidden)
            try await assertEqual(try await request(f, as: f.deputy, delegate: f.otherHead).status, .badRequest)
            try await assertEqual(try await request(f, as: f.deputy, delegate: f.deputy).status, .badRequest)
            try await assertEqual(try await request(f, as: f.deputy, delegate: f.clerk, from: 100, to: 50).status, .badRequest)
            try await assertEqual(try await request(f, as: f.deputy, delegate: f.clerk, delegator: f.departmentHead).status, .forbidden)
            // The head may file a request for another leader; it still waits for his approval.
            let forOther = try await request(f, as: f.head, delegate: f.clerk, delegator: f.departmentHead)
            XCTAssertEqual(forOther.object["status"] as? String, "requested", forOther.text)

            // Leaving ends the delegations from or to the person.
            let approved = try await request(f, as: f.head, delegate: f.specialists[0])
            XCTAssertEqual(approved.object["status"] as? String, "approved")
            let left = try await f.send(.post, "\(f.base)/users/\(f.specialists[0])/leave", as: f.head, json: PeopleFixtures.json(["handedOverTo": f.clerk]))
            XCTAssertEqual(left.status, .ok)
            try await assertFalse(try await Directory.activeDelegation(delegator: f.head, delegate: f.specialists[0], at: Date(), schema: f.schema, on: f.database))

            // Specialists see only their own delegations; the head sees all.
            let all = try await f.send(.get, "\(f.base)/delegations", as: f.head)
            XCTAssertEqual((all.object["items"] as? [Any])?.count, 2)
            let mine = try await f.send(.get, "\(f.base)/delegations", as: f.clerk)
            XCTAssertEqual((mine.object["items"] as? [Any])?.count, 1)
            let none = try await f.send(.get, "\(f.base)/delegations", as: f.specialists[1])
            XCTAssertEqual((none.object["items"] as? [Any])?.count, 0)
        }
    }
}
