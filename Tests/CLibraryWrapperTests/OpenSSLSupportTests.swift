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

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
