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
}
