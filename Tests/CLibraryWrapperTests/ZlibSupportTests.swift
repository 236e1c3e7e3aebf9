import XCTest
import ZlibSupport

final class ZlibSupportTests: XCTestCase {
    func testCompressThenInflateRoundTrips() throws {
        let text = Array(String(repeating: "Sổ đăng ký văn bản đến. ", count: 500).utf8)
        let packed = Zlib.compress(text)
        XCTAssertLessThan(packed.count, text.count / 10)
        XCTAssertEqual(try Zlib.inflate(packed), text)
    }

    func testInflateKeepsToItsBudget() {
        let zeros = Zlib.compress([UInt8](repeating: 0, count: 1 << 20))
        XCTAssertThrowsError(try Zlib.inflate(zeros, limit: 1000))
    }

    func testATruncatedStreamGivesWhatItHolds() throws {
        let text = Array(String(repeating: "Trang 1/2 ", count: 2000).utf8)
        let packed = Zlib.compress(text)
        let partial = try Zlib.inflate(Array(packed.prefix(packed.count / 2)))
        XCTAssertFalse(partial.isEmpty)
        XCTAssertEqual(Array(text.prefix(partial.count)), partial)
    }

    func testGarbageIsRefused() {
        XCTAssertThrowsError(try Zlib.inflate([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff]))
    }

    func testRawStreamsRoundTripAndCRC32() throws {
        let text = Array("Phiếu trình — edXML".utf8)
        let deflater = try ZlibStream(.deflate)
        var packed: [UInt8] = []
        try text.withUnsafeBytes { input in
            var offset = 0
            while !deflater.ended {
                offset += try deflater.process(UnsafeRawBufferPointer(rebasing: input[offset...]), into: &packed, maxOutput: 64, finish: true)
            }
        }
        let inflater = try ZlibStream(.inflate)
        var out: [UInt8] = []
        _ = try packed.withUnsafeBytes { try inflater.process($0, into: &out, maxOutput: 1024) }
        XCTAssertEqual(out, text)
        var crc = CRC32()
        crc.update(Array("123456789".utf8))
        XCTAssertEqual(crc.value, 0xCBF4_3926)
    }
}
