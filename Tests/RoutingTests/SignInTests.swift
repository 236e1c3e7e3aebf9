import Auth
import Contracts
import ServiceKit
import Foundation
import XCTest

@testable import RoutingService

/// Passwords (scrypt), sign-in, throttling, and tokens any service verifies with the public key alone.
final class SignInTests: XCTestCase {
    func testPasswordHashIsSaltedSelfDescribingAndVerifiesOnlyTheRightPassword() throws {
        let a = try PasswordHash.make("Mật khẩu đúng 1")
        let b = try PasswordHash.make("Mật khẩu đúng 1")
        XCTAssertTrue(a.hasPrefix("scrypt$32768$8$1$"), a)
        XCTAssertNotEqual(a, b, "each hash has its own random salt")
        XCTAssertTrue(PasswordHash.verify("Mật khẩu đúng 1", against: a))
        XCTAssertTrue(PasswordHash.verify("Mật khẩu đúng 1", against: b))
        XCTAssertFalse(PasswordHash.verify("Mật khẩu đúng 2", against: a))
        XCTAssertFalse(PasswordHash.verify("", against: a))
        // A changed salt, a changed cost or a damaged string no longer verifies.
        var parts = a.split(separator: "$").map(String.init)
        parts[4] = Data(repeating: 7, count: 16).base64EncodedString()
        XCTAssertFalse(PasswordHash.verify("Mật khẩu đúng 1", against: parts.joined(separator: "$")))
        XCTAssertFalse(PasswordHash.verify("Mật khẩu đúng 1", against: a.replacingOccurrences(of: "$32768$", with: "$16384$")))
        XCTAssertFalse(PasswordHash.verify("Mật khẩu đúng 1", against: "scrypt$99999999$8$1$AAAA$AAAA"))
        XCTAssertFalse(PasswordHash.verify("x", against: "plain-text"))
        XCTAssertTrue(PasswordHash.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(PasswordHash.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(PasswordHash.constantTimeEqual([1, 2], [1, 2, 3]))
    }

    func testSignInGivesATokenThatVerifiesWithThePublicKeyAlone() async throws {
        try await withPeople { f in
            let reply = try await f.signIn(" VietND.ubnd ")
            XCTAssertEqual(reply.status, .ok, reply.text)
            let token = try XCTUnwrap(reply.object["token"] as? String)
            let verifier = try TokenVerifier(publicKeyPEM: PeopleFixtures.keys.publicPEM)
            let identity = try await verifier.verify(token)
            XCTAssertEqual(identity, Identity(account: f.head, agency: PeopleFixtures.agency, roles: [.head]))
            // Another key pair does not verify it: the signature is real.
            let stranger = try TokenVerifier(publicKeyPEM: AuthKeys.generate().publicPEM)
            do {
                _ = try await stranger.verify(token)
                XCTFail("a token verified with someone else's key")
            } catch let error as AuthError {
                XCTAssertEqual(error, .badSignature)
            }
            // The token works on the API.
            let me = try await f.send(.get, "\(f.base)/users/\(f.head)", token: token)
            XCTAssertEqual(me.status, .ok)
            let entries = try await f.auditEntries()
            XCTAssertEqual(entries.last?.entry.action, "auth.sign_in")
            XCTAssertEqual(entries.last?.entry.actor, f.head)
        }
    }

    func testWrongPasswordUnknownAccountAndLeaverGetTheSameAnswer() async throws {
        try await withPeople { f in
            let left = try await f.send(.post, "\(f.base)/users/\(f.specialists[0])/leave", as: f.head,
                                        json: PeopleFixtures.json(["handedOverTo": f.departmentHead]))
            XCTAssertEqual(left.status, .ok, left.text)
            let wrong = try await f.signIn(f.head, "sai mật khẩu")
            let unknown = try await f.signIn("khongco.ubnd")
            let leaver = try await f.signIn(f.specialists[0])
            for reply in [wrong, unknown, leaver] {
                XCTAssertEqual(reply.status, .unauthorized)
                XCTAssertEqual(reply.text, wrong.text)
            }
            XCTAssertEqual(wrong.message.vi, "Tài khoản hoặc mật khẩu không đúng")
            XCTAssertEqual(wrong.message.en, "wrong account or password")
            let empty = try await f.send(.post, "/auth/sign-in", token: nil, json: #"{"account":"x"}"#)
            XCTAssertEqual(empty.status, .badRequest)
        }
    }

    func testRepeatedFailuresLockTheAccountNameForAWhileWhetherItExistsOrNot() async throws {
        var settings = PeopleSettings()
        settings.maxFailures = 3
        settings.lockDuration = .seconds(2)
        try await withPeople(settings: settings) { f in
            for _ in 0..<3 { try await assertEqual(try await f.signIn(f.clerk, "sai").status, .unauthorized) }
            let locked = try await f.signIn(f.clerk)  // the right password, but locked
            XCTAssertEqual(locked.status, .tooManyRequests, locked.text)
            XCTAssertNotNil(locked.headers[.retryAfter])
            XCTAssertEqual(locked.object["code"] as? String, "sign_in_locked")
            // Unknown names lock the same way: the 429 reveals nothing about which accounts exist.
            for _ in 0..<3 { try await assertEqual(try await f.signIn("khongco.ubnd", "sai").status, .unauthorized) }
            try await assertEqual(try await f.signIn("khongco.ubnd", "sai").status, .tooManyRequests)
            // Other accounts are not affected.
            try await assertEqual(try await f.signIn(f.head).status, .ok)
            try await Task.sleep(for: .milliseconds(2300))
            try await assertEqual(try await f.signIn(f.clerk).status, .ok)
            // A success clears the count: two more failures do not lock.
            for _ in 0..<2 { _ = try await f.signIn(f.clerk, "sai") }
            try await assertEqual(try await f.signIn(f.clerk).status, .ok)
            let failures = try await f.auditEntries().filter { $0.entry.action == "auth.sign_in_failed" }
            XCTAssertEqual(failures.count, 5)
            XCTAssertEqual(failures[2].entry.details["locked"], "true")
        }
    }

    func testWithoutASigningKeySignInIsUnavailable() async throws {
        try await withPeople { f in
            let people = PeopleService(database: f.database, schema: f.schema, issuer: nil, settings: f.people.settings)
            do {
                _ = try await SignIn(people: people).signIn(account: f.head, password: PeopleFixtures.password, onBehalfOf: nil, source: nil)
                XCTFail("signed in without a key")
            } catch let error as Refusal {
                XCTAssertEqual(error, PeopleError.signInUnavailable)
            }
        }
    }

    func testChangingOnesPasswordNeedsTheCurrentOne() async throws {
        try await withPeople { f in
            let bad = try await f.send(.post, "/auth/password", as: f.clerk,
                                       json: PeopleFixtures.json(["currentPassword": "sai", "newPassword": "mới-mới-mới"]))
            XCTAssertEqual(bad.status, .unauthorized)
            let short = try await f.send(.post, "/auth/password", as: f.clerk,
                                         json: PeopleFixtures.json(["currentPassword": PeopleFixtures.password, "newPassword": "ngắn"]))
            XCTAssertEqual(short.status, .badRequest)
            let ok = try await f.send(.post, "/auth/password", as: f.clerk,
                                      json: PeopleFixtures.json(["currentPassword": PeopleFixtures.password, "newPassword": "mới-mới-mới"]))
            XCTAssertEqual(ok.status, .noContent, ok.text)
            try await assertEqual(try await f.signIn(f.clerk).status, .unauthorized)
            try await assertEqual(try await f.signIn(f.clerk, "mới-mới-mới").status, .ok)
            try await assertEqual(try await f.send(.post, "/auth/password", token: nil, json: "{}").status, .unauthorized)
        }
    }

    func testBootstrapCreatesAgenciesAndTheOperatorOnceAndLetsThemSignIn() async throws {
        try await withPeople { f in
            let passwordFile = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID()).txt")
            try "khởi-tạo-2026\n".write(to: passwordFile, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: passwordFile) }
            let env = [
                "QLVB_ROUTING_AGENCIES": "000.00.09.H52=sxd=Sở Xây dựng tỉnh Sơn La; \(PeopleFixtures.agency)=ubnd=UBND",
                "QLVB_ROUTING_ADMIN_ACCOUNT": "quantri.sxd",
                "QLVB_ROUTING_ADMIN_PASSWORD_FILE": passwordFile.path,
            ]
            let config = try RoutingSettings.load(env)
            try await Bootstrap.run(config, people: f.people, logger: .init(label: "test"))
            try await Bootstrap.run(config, people: f.people, logger: .init(label: "test"))  // a restart changes nothing
            let agencies = try await PeopleStore(schema: f.schema).agencies(on: f.database)
            XCTAssertEqual(agencies.map(\.shortName).sorted(), ["stc", "sxd", "ubnd"])
            let signedIn = try await f.signIn("quantri.sxd", "khởi-tạo-2026")
            XCTAssertEqual(signedIn.status, .ok, signedIn.text)
            XCTAssertEqual(signedIn.object["roles"] as? [String], ["admin", "operator"], "the installation's operator, admin of its agency")
            XCTAssertEqual(signedIn.object["agency"] as? String, "000.00.09.H52")
            // A restart with another password file does not reset the admin's password.
            try "khác-hẳn-rồi".write(to: passwordFile, atomically: true, encoding: .utf8)
            try await Bootstrap.run(try RoutingSettings.load(env), people: f.people, logger: .init(label: "test"))
            try await assertEqual(try await f.signIn("quantri.sxd", "khởi-tạo-2026").status, .ok)
            let creations = try await AuditLog.list(agency: "000.00.09.H52", limit: 10, schema: f.schema, on: f.database)
            XCTAssertEqual(creations.map(\.entry.action).sorted(), ["agency.create", "auth.sign_in", "auth.sign_in", "user.create"])

            // An installation from before the operator role: its configured first admin becomes the operator.
            let upgrade = env.merging(["QLVB_ROUTING_ADMIN_ACCOUNT": f.admin]) { $1 }
            try await Bootstrap.run(try RoutingSettings.load(upgrade), people: f.people, logger: .init(label: "test"))
            let upgraded = try await f.signIn(f.admin)
            XCTAssertEqual(upgraded.object["roles"] as? [String], ["admin", "operator"], upgraded.text)

            XCTAssertThrowsError(try RoutingSettings.load([
                "QLVB_ROUTING_AGENCIES": "H52=ubnd", "QLVB_ROUTING_ADMIN_ACCOUNT": "Quản trị", "QLVB_ROUTING_TOKEN_PRIVATE_KEY_FILE": "/nonexistent",
            ])) { error in
                let names = Set((error as? ConfigError)?.problems.map(\.variable) ?? [])
                XCTAssertEqual(names, [
                    "QLVB_ROUTING_AGENCIES", "QLVB_ROUTING_ADMIN_ACCOUNT", "QLVB_ROUTING_ADMIN_PASSWORD_FILE", "QLVB_ROUTING_TOKEN_PRIVATE_KEY_FILE",
                ])
            }
        }
    }
}
