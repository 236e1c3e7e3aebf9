import OpenSSLSupport
import XCTest

final class OpenSSLSupportTests: XCTestCase {
    /// RFC 7914 §12, the second test vector.
    func testScryptMatchesTheRFCVector() throws {
        let key = try Scrypt.derive(
            password: Array("password".utf8), salt: Array("NaCl".utf8), n: 1024, r: 8, p: 16, maxMemory: 1 << 26, length: 64)
        XCTAssertEqual(
            hex(key),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    func testScryptRefusesTooLittleMemory() {
        XCTAssertThrowsError(
            try Scrypt.derive(password: [1], salt: [2], n: 1 << 15, r: 8, p: 1, maxMemory: 1024, length: 32))
    }

    func testStreamingSHA256EqualsOneShot() {
        let data = Array("Công văn số 12/UBND".utf8)
        let streaming = StreamingDigest()
        streaming.update(data, 0..<5)
        streaming.update(data, 5..<data.count)
        XCTAssertEqual(streaming.finish(), StreamingDigest.sha256(data))
        XCTAssertEqual(hex(StreamingDigest.sha256(Array("abc".utf8))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertNotNil(DigestAlgorithm(named: "SHA1"))
        XCTAssertNil(DigestAlgorithm(named: "no-such-digest"))
    }

    /// RFC 4231 test cases 1 and 2 (the axis protocol signs its headers with HMAC-SHA256), and the empty key and message.
    func testHMACSHA256MatchesRFC4231() throws {
        XCTAssertEqual(
            hex(try HMAC.sha256(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(
            hex(try HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertEqual(hex(try HMAC.sha256(key: [], message: [])), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
        XCTAssertTrue(HMAC.equal([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(HMAC.equal([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(HMAC.equal([1, 2], [1, 2, 3]))
    }

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
