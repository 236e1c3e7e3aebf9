import Foundation
import HTTPTypes
import XCTest

@testable import RoutingService

/// Throttling by source address: a guesser locks a name for their own address only, and waits longer and longer
/// when trying many names; the failures table is pruned as failures are written.
final class SignInSourceTests: XCTestCase {
    func signIn(_ f: PeopleFixtures, _ account: String, _ password: String = PeopleFixtures.password, from address: String) async throws -> PeopleFixtures.Reply {
        try await f.send(.post, "/auth/sign-in", token: nil, json: PeopleFixtures.json(["account": account, "password": password]),
                         headers: [RequestSource.forwardedFor: address])
    }

    func testWrongPasswordsFromOneAddressDoNotLockTheOwnerOut() async throws {
        var settings = PeopleSettings()
        settings.maxFailures = 3
        try await withPeople(settings: settings) { f in
            let guesser = "203.0.113.66", office = "198.51.100.10"
            for _ in 0..<3 { try await assertEqual(try await signIn(f, f.head, "doán-mò-mật-khẩu", from: guesser).status, .unauthorized) }
            let locked = try await signIn(f, f.head, from: guesser)
            XCTAssertEqual(locked.status, .tooManyRequests, locked.text)
            XCTAssertEqual(locked.object["code"] as? String, "sign_in_locked")
            let owner = try await signIn(f, f.head, from: office)
            XCTAssertEqual(owner.status, .ok, "the head, from the office: \(owner.text)")
        }
    }

    func testAnAddressTryingManyNamesWaitsLongerAndLongerButIsNotLockedOut() async throws {
        var settings = PeopleSettings()
        settings.sourceFreeFailures = 4
        settings.lockDuration = .seconds(60)
        try await withPeople(settings: settings) { f in
            let guesser = "203.0.113.77"
            for i in 0..<4 { try await assertEqual(try await signIn(f, "khongco\(i).ubnd", "sai-sai-sai", from: guesser).status, .unauthorized) }
            let delayed = try await signIn(f, f.clerk, from: guesser)
            XCTAssertEqual(delayed.status, .tooManyRequests, delayed.text)
            XCTAssertEqual(delayed.object["code"] as? String, "sign_in_delayed")
            XCTAssertEqual(delayed.headers[.retryAfter], "1")
            XCTAssertFalse(delayed.message.vi.isEmpty)
            try await Task.sleep(for: .milliseconds(1100))
            try await assertEqual(try await signIn(f, "khongco9.ubnd", "sai-sai-sai", from: guesser).status, .unauthorized)
            let longer = try await signIn(f, f.clerk, from: guesser)
            XCTAssertEqual(longer.headers[.retryAfter], "2", "the delay doubles")
            // Everyone else, and the clerk elsewhere, sign in at once.
            try await assertEqual(try await signIn(f, f.clerk, from: "198.51.100.10").status, .ok)
        }
    }

    func testOldFailuresArePrunedWhenAFailureIsWritten() async throws {
        try await withPeople { f in
            let s = f.schema
            for i in 0..<150 {
                _ = try await f.database.query("""
                    INSERT INTO \(identifier: s).sign_in_failures (account, source, failures, last_failure_at)
                    VALUES (\("cu\(i).ubnd"), '203.0.113.1', 1, now() - interval '2 days')
                    """)
            }
            _ = try await f.database.query("""
                INSERT INTO \(identifier: s).sign_in_source_failures (source, failures, last_failure_at) VALUES ('203.0.113.2', 3, now() - interval '2 days')
                """)
            try await assertEqual(try await signIn(f, f.clerk, "sai-sai-sai", from: "198.51.100.3").status, .unauthorized)
            func count(_ table: String) async throws -> Int {
                try await f.database.query("SELECT count(*)::int AS n FROM \(identifier: s).\(identifier: table)").rows.first!.decode(Int.self, "n")
            }
            try await assertEqual(try await count("sign_in_failures"), 51, "a hundred old rows pruned, the new one kept")
            try await assertEqual(try await count("sign_in_source_failures"), 1, "the idle address forgotten, the new one kept")
            try await assertEqual(try await signIn(f, f.clerk, "sai-sai-sai", from: "198.51.100.3").status, .unauthorized)
            try await assertEqual(try await count("sign_in_failures"), 1)
        }
    }
    /// A guesser writing a new `X-Forwarded-For` at every attempt still waits: only a trusted proxy's header chooses
    /// the address failures count under, and here the connection (127.0.0.1) is nobody's proxy.
    func testAForgedForwardedForDoesNotResetTheCount() async throws {
        var settings = PeopleSettings()
        settings.sourceFreeFailures = 3
        settings.lockDuration = .seconds(60)
        settings.trustedProxies = .none
        try await withPeople(settings: settings) { f in
            for i in 0..<3 {
                let r = try await f.send(
                    .post, "/auth/sign-in", token: nil, json: PeopleFixtures.json(["account": "khongco\(i).ubnd", "password": "sai-sai-sai"]),
                    headers: [RequestSource.forwardedFor: "203.0.113.\(i)"], live: true)
                XCTAssertEqual(r.status, .unauthorized, r.text)
            }
            let delayed = try await f.send(
                .post, "/auth/sign-in", token: nil, json: PeopleFixtures.json(["account": f.clerk, "password": PeopleFixtures.password]),
                headers: [RequestSource.forwardedFor: "203.0.113.99"], live: true)
            XCTAssertEqual(delayed.status, .tooManyRequests, delayed.text)
            XCTAssertEqual(delayed.object["code"] as? String, "sign_in_delayed")
        }
    }

    /// Behind a trusted proxy (the web front end on the same machine) each client address has its own count: one
    /// guessing office does not make the whole province wait.
    func testATrustedProxyNamesTheClient() async throws {
        var settings = PeopleSettings()
        settings.sourceFreeFailures = 3
        settings.lockDuration = .seconds(60)
        try await withPeople(settings: settings) { f in
            XCTAssertTrue(f.people.settings.trustedProxies.contains("127.0.0.1"), "loopback is trusted by default")
            for i in 0..<3 {
                let r = try await f.send(
                    .post, "/auth/sign-in", token: nil, json: PeopleFixtures.json(["account": "khongco\(i).ubnd", "password": "sai-sai-sai"]),
                    headers: [RequestSource.forwardedFor: "203.0.113.66"], live: true)
                XCTAssertEqual(r.status, .unauthorized, r.text)
            }
            let guesser = try await f.send(
                .post, "/auth/sign-in", token: nil, json: PeopleFixtures.json(["account": f.clerk, "password": PeopleFixtures.password]),
                headers: [RequestSource.forwardedFor: "203.0.113.66"], live: true)
            XCTAssertEqual(guesser.status, .tooManyRequests, guesser.text)
            let office = try await f.send(
                .post, "/auth/sign-in", token: nil, json: PeopleFixtures.json(["account": f.clerk, "password": PeopleFixtures.password]),
                headers: [RequestSource.forwardedFor: "198.51.100.10"], live: true)
            XCTAssertEqual(office.status, .ok, office.text)
        }
    }

    /// A stolen session cannot guess the password behind it: wrong current passwords count like failed sign-ins and
    /// lock the name for that address, even for the right one.
    func testWrongCurrentPasswordsOnChangePasswordAreThrottled() async throws {
        var settings = PeopleSettings()
        settings.maxFailures = 3
        try await withPeople(settings: settings) { f in
            func change(_ current: String) async throws -> PeopleFixtures.Reply {
                try await f.send(
                    .post, "/auth/password", token: f.tokens[f.clerk],
                    json: PeopleFixtures.json(["currentPassword": current, "newPassword": "Mot-mat-khau-moi-2026"]),
                    headers: [RequestSource.forwardedFor: "203.0.113.5"])
            }
            for _ in 0..<3 { try await assertEqual(try await change("doan-sai-mat-khau").status, .unauthorized) }
            let locked = try await change(PeopleFixtures.password)
            XCTAssertEqual(locked.status, .tooManyRequests, locked.text)
            XCTAssertEqual(locked.object["code"] as? String, "sign_in_locked")
            XCTAssertFalse(locked.message.vi.isEmpty)
        }
    }
}
