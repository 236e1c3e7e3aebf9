import COpenSSL

/// scrypt (RFC 7914) through OpenSSL's `EVP_PBE_scrypt`: a slow, memory-hard key derivation for passwords.
public enum Scrypt {
    /// Derives `length` bytes from `password` and `salt` with cost `n` (a power of two), block size `r` and
    /// parallelism `p`. `maxMemory` caps what OpenSSL may allocate (it needs 128·r·N bytes).
    public static func derive(
        password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, maxMemory: UInt64, length: Int
    ) throws(OpenSSLFailure) -> [UInt8] {
        var key = [UInt8](repeating: 0, count: length)
        let ok = password.withUnsafeBufferPointer { passPtr in
            salt.withUnsafeBufferPointer { saltPtr in
                key.withUnsafeMutableBufferPointer { keyPtr in
                    passPtr.withMemoryRebound(to: CChar.self) { passChars in
                        EVP_PBE_scrypt(
                            passChars.baseAddress, password.count, saltPtr.baseAddress, salt.count,
                            n, r, p, maxMemory, keyPtr.baseAddress, length)
                    }
                }
            }
        }
        guard ok == 1 else {
            OpenSSLFailure.clearErrors()
            throw OpenSSLFailure(reason: "scrypt failed (EVP_PBE_scrypt returned 0)")
        }
        return key
    }
}
