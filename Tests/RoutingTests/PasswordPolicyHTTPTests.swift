import Foundation
import XCTest

@testable import RoutingService

/// The password policy on every way a password is set — created, reset, changed — and NFC at sign-in.
final class PasswordPolicyHTTPTests: XCTestCase {
    func testCommonOrShortPasswordsAreRefusedAndDiacriticsMatchHoweverTyped() async throws {
        try await withPeople { f in
            let created = try await f.createUser(as: f.head, ["fullName": "Lò Văn Mới", "roles": ["specialist"], "password": "Mật khẩu 123"])
            XCTAssertEqual(created.status, .badRequest, created.text)
            XCTAssertTrue(created.message.en.contains("common"), created.message.en)
            let short = try await f.send(.post, "\(f.base)/users/\(f.clerk)/password", as: f.head, json: PeopleFixtures.json(["password": "Sơn-La-26"]))
            XCTAssertEqual(short.status, .badRequest)
            XCTAssertEqual(short.message.en, "the password needs at least 10 characters")
            let common = try await f.send(.post, "/auth/password", as: f.clerk, json: PeopleFixtures.json(
                ["currentPassword": PeopleFixtures.password, "newPassword": "123456789a"]))
            XCTAssertEqual(common.status, .badRequest)

            // Set with combining marks (one keyboard), signed in with precomposed letters (another), and back.
            let composed = "Mật khẩu Sơn La 2026".precomposedStringWithCanonicalMapping
            let decomposed = composed.decomposedStringWithCanonicalMapping
            let reset = try await f.send(.post, "\(f.base)/users/\(f.clerk)/password", as: f.head, json: PeopleFixtures.json(["password": decomposed]))
            XCTAssertEqual(reset.status, .noContent, reset.text)
            try await assertEqual(try await f.signIn(f.clerk, composed).status, .ok)
            try await assertEqual(try await f.signIn(f.clerk, decomposed).status, .ok)
        }
    }
}
