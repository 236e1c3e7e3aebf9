import Foundation
import OpenSSLSupport

/// The signed headers of one axis request, as the government's axis SDK for Java 2.0.3 (JAVA_SDK_VXP) builds them
/// (../shared/vxp-protocol.md §3): a map *name → value* whose iteration order is that of a Java `HashMap`, sent as
/// `XroadVnpt-NAME` headers, listed in `XroadVnpt-sign-header-key`, serialised as the compact JSON of
/// `XroadVnpt-sign-header` and signed with HMAC-SHA256 in `XroadVnpt-hash-header`.
///
/// Keeping the SDK's order makes a request byte-identical to the SDK's, so an axis that rebuilds the JSON from the
/// key list instead of hashing the received string accepts it too.
public struct VXPHeaderMap: Sendable, Equatable {
    /// Names in the order they were first inserted, with their current values (a `put` on an existing name keeps
    /// its place, as in a `HashMap`).
    public private(set) var inserted: [(name: String, value: String)] = []

    public init() {}

    public static func == (a: VXPHeaderMap, b: VXPHeaderMap) -> Bool {
        a.inserted.map(\.name) == b.inserted.map(\.name) && a.inserted.map(\.value) == b.inserted.map(\.value)
    }

    public subscript(name: String) -> String? {
        get { inserted.first { $0.name == name }?.value }
        set {
            if let index = inserted.firstIndex(where: { $0.name == name }) {
                if let newValue { inserted[index].value = newValue } else { inserted.remove(at: index) }
            } else if let newValue {
                inserted.append((name, newValue))
            }
        }
    }

    /// The entries in a Java `HashMap`'s iteration order: by bucket, then by insertion within a bucket.
    public var entries: [(name: String, value: String)] {
        var capacity = 16
        while inserted.count > capacity * 3 / 4 { capacity *= 2 }
        return inserted.enumerated()
            .map { (bucket: Self.bucket(of: $0.element.name, capacity: capacity), index: $0.offset, entry: $0.element) }
            .sorted { ($0.bucket, $0.index) < ($1.bucket, $1.index) }
            .map(\.entry)
    }

    /// `XroadVnpt-sign-header-key`: the names joined by `;`.
    public var signHeaderKey: String { entries.map(\.name).joined(separator: ";") }

    /// `XroadVnpt-sign-header`: `{"XroadVnpt-NAME":"VALUE",…}` with Gson's escaping and no whitespace.
    public var signHeader: String {
        "{" + entries.map { "\"\(Self.gsonEscaped("XroadVnpt-" + $0.name))\":\"\(Self.gsonEscaped($0.value))\"" }
            .joined(separator: ",") + "}"
    }

    /// `XroadVnpt-hash-header`: lowercase hex of HMAC-SHA256(key: the secret's UTF-8, message: `signHeader`).
    public func hashHeader(secret: String) throws -> String {
        Self.hex(try HMAC.sha256(key: Array(secret.utf8), message: Array(signHeader.utf8)))
    }

    /// Every header of the request, in the order the SDK sends them: each entry as `XroadVnpt-NAME` (`Content-Type`
    /// also unprefixed, just before it — or first of all for `sendEdoc`, whose Java URL connection puts it there), then
    /// the key list, the JSON, its HMAC, the user agent and the protocol version.
    public func httpHeaders(secret: String, contentTypeFirst: Bool = false) throws -> [(String, String)] {
        var headers: [(String, String)] = []
        if contentTypeFirst, let type = self["Content-Type"] { headers.append(("Content-Type", type)) }
        for (name, value) in entries {
            if name == "Content-Type", !contentTypeFirst { headers.append(("Content-Type", value)) }
            headers.append(("XroadVnpt-" + name, value))
        }
        headers.append(("XroadVnpt-sign-header-key", signHeaderKey))
        headers.append(("XroadVnpt-sign-header", signHeader))
        headers.append(("XroadVnpt-hash-header", try hashHeader(secret: secret)))
        headers.append(("User-Agent", Self.userAgent))
        headers.append(("XroadVnpt-version", Self.version))
        return headers
    }

    public static let userAgent = "JAVASDKAgent/1.0.0 XRoad/VPCP"
    public static let version = "3.0.201608"

    // MARK: - The SDK's formats

    /// Java's `String.hashCode`: h = 31·h + each UTF-16 code unit, wrapping at 32 bits.
    public static func javaHashCode(_ text: String) -> Int32 {
        text.utf16.reduce(Int32(0)) { $0 &* 31 &+ Int32($1) }
    }

    /// The `HashMap` bucket of a name: the hash's high half folded into the low half, masked by the capacity.
    public static func bucket(of name: String, capacity: Int) -> Int {
        let h = UInt32(bitPattern: javaHashCode(name))
        return Int((h ^ (h >> 16)) & UInt32(capacity - 1))
    }

    /// `ddMMyyyy'T'HHmmss+SSSS`: local time, the `+SSSS` being milliseconds on four digits, not a zone offset.
    public static func timestamp(_ date: Date, in zone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Whole milliseconds first, so that 0.042 s stored as 0.04199… is 42 and the seconds agree with them.
        let total = Int((date.timeIntervalSince1970 * 1000).rounded())
        let millis = ((total % 1000) + 1000) % 1000
        let whole = Date(timeIntervalSince1970: Double((total - millis) / 1000))
        let c = calendar.dateComponents([.day, .month, .year, .hour, .minute, .second], from: whole)
        func pad(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(c.day, 2) + pad(c.month, 2) + pad(c.year, 4) + "T" + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2)
            + "+" + pad(millis, 4)
    }

    /// `hash-file`: the packet's SHA-256 with each byte in hex *without* zero padding (`0x02` → `2`), as the SDK
    /// writes it; compared as a string, never decoded.
    public static func hashFile(_ packet: Data) -> String {
        StreamingDigest.sha256(Array(packet)).map { String($0, radix: 16) }.joined()
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0x0f)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string's contents as Gson writes them with HTML escaping off: `"`, `\`, control characters, U+2028
    /// and U+2029 escaped; everything else (`/`, `<`, non-ASCII) as is.
    public static func gsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{0C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
