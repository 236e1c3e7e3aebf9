import struct Foundation.Data
import struct Foundation.Date
import struct Foundation.UUID

/// A Swift value that can be sent as a bind parameter in PostgreSQL's text format; `nil` is SQL NULL.
public protocol PGEncodable: Sendable {
    var pgText: String? { get }
}

extension Int: PGEncodable { public var pgText: String? { String(self) } }
extension Int32: PGEncodable { public var pgText: String? { String(self) } }
extension Int64: PGEncodable { public var pgText: String? { String(self) } }
extension String: PGEncodable { public var pgText: String? { self } }
extension Bool: PGEncodable { public var pgText: String? { self ? "true" : "false" } }

extension Double: PGEncodable {
    /// Swift's shortest round-tripping form; PostgreSQL spells the special values out.
    public var pgText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension Date: PGEncodable {
    /// ISO 8601 in UTC with microseconds, e.g. `2026-01-02T03:04:05.123456Z` (timestamptz precision).
    public var pgText: String? { PGTimestamp.format(self) }
}

extension UUID: PGEncodable {
    public var pgText: String? { uuidString.lowercased() }
}

extension Array: PGEncodable where Element == UInt8 {
    /// bytea in hex format: `\x0aff`.
    public var pgText: String? { PGHex.encode(self) }
}

extension Data: PGEncodable {
    public var pgText: String? { PGHex.encode(self) }
}

extension Optional: PGEncodable where Wrapped: PGEncodable {
    public var pgText: String? { self?.pgText }
}

/// bytea's hex text format.
enum PGHex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        out.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `\x…`; returns nil for anything else (e.g. the legacy escape format).
    static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity((utf8.count - 2) / 2)
        var i = 2
        while i < utf8.count {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
