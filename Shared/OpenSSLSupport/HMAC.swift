import COpenSSL

/// Keyed-hash message authentication (HMAC, RFC 2104) through OpenSSL: the axis protocol signs its headers with
/// HMAC-SHA256 (docs/axis.md).
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key`: 32 bytes.
    public static func sha256(key: [UInt8], message: [UInt8]) throws(OpenSSLFailure) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        // An empty array may have no storage: OpenSSL gets a valid pointer to one unused byte instead.
        let keyBytes = key.isEmpty ? [0] : key
        let messageBytes = message.isEmpty ? [0] : message
        let result = keyBytes.withUnsafeBytes { k in
            messageBytes.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    EVP_Q_mac(nil, "HMAC", nil, "SHA256", nil, k.baseAddress, key.count, m.baseAddress, message.count,
                              o.baseAddress, o.count, &length)
                }
            }
        }
        guard result != nil else { throw OpenSSLFailure(reason: "HMAC-SHA256 failed: \(OpenSSLFailure.lastError())") }
        return Array(out.prefix(length))
    }

    /// Compares two MACs without stopping at the first difference (the time taken reveals nothing).
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return CRYPTO_memcmp(a, b, a.count) == 0
    }
}
