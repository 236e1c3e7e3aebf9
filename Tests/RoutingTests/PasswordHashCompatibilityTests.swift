import XCTest

@testable import RoutingService

/// Hashes stored before the scrypt call moved to OpenSSLSupport must keep verifying: these strings were made
/// independently (Python's hashlib.scrypt, the same RFC 7914 function) and are checked byte for byte.
final class PasswordHashCompatibilityTests: XCTestCase {
    func testAStoredHashStillVerifies() {
        let stored = "scrypt$1024$8$1$AAECAwQFBgcICQoLDA0ODw==$Pcir0Roq5xuKYg/cbFzu7cbPTdq2pOn6Tjo9q2/BCyg="
        XCTAssertTrue(PasswordHash.verify("Mật khẩu cũ 1", against: stored))
        XCTAssertFalse(PasswordHash.verify("Mật khẩu cũ 2", against: stored))
    }

    func testANewHashHasTheStoredFormatAndVerifies() throws {
        let made = try PasswordHash.make("Mật khẩu mới", parameters: .init(n: 1024, r: 8, p: 1))
        let parts = made.split(separator: "$").map(String.init)
        XCTAssertEqual(Array(parts.prefix(4)), ["scrypt", "1024", "8", "1"])
        XCTAssertEqual(Data(base64Encoded: parts[4])?.count, PasswordHash.saltBytes)
        XCTAssertEqual(Data(base64Encoded: parts[5])?.count, PasswordHash.hashBytes)
        XCTAssertTrue(PasswordHash.verify("Mật khẩu mới", against: made))
    }
}
