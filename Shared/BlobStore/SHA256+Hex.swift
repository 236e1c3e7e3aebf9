import Crypto

extension SHA256.Digest {
    /// Lower-case hexadecimal form, the name of a blob on disk and in `BlobRef.sha256`.
    public var hex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

enum SHA256Hex {
    /// Whether `value` is exactly 64 lower-case hex digits; anything else could escape the store's root.
    static func isValid(_ value: String) -> Bool {
        let utf8 = value.utf8
        return utf8.count == 64 && utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
