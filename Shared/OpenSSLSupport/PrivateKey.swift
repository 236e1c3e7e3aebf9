import COpenSSL

/// A private key read from PEM; signs with OpenSSL's one-shot `EVP_DigestSign`.
public final class PrivateKey: @unchecked Sendable {
    // @unchecked: the key is immutable after loading; each `sign` makes its own context.
    /// The `EVP_PKEY*`.
    public let pkey: OpaquePointer

    public init(pem: String) throws(OpenSSLFailure) {
        let bio = MemoryBIO.make(Array(pem.utf8))
        defer { MemoryBIO.free(bio) }
        guard let loaded = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
            throw OpenSSLFailure(reason: "private key: \(OpenSSLFailure.lastError())")
        }
        pkey = loaded
    }

    /// Takes ownership of an `EVP_PKEY*` already loaded (from a PKCS#12 file).
    init(unsafeOwning pkey: OpaquePointer) {
        self.pkey = pkey
    }

    deinit { EVP_PKEY_free(pkey) }

    /// Signs `data` hashed with `digest` (PKCS#1 v1.5 for RSA keys).
    public func sign(_ data: [UInt8], digest: DigestAlgorithm) throws(OpenSSLFailure) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw OpenSSLFailure(reason: "out of memory") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, digest.md, nil, pkey) == 1 else { throw OpenSSLFailure(reason: OpenSSLFailure.lastError()) }
        var length = 0
        guard EVP_DigestSign(context, nil, &length, data, data.count) == 1 else { throw OpenSSLFailure(reason: OpenSSLFailure.lastError()) }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, data, data.count) == 1 else { throw OpenSSLFailure(reason: OpenSSLFailure.lastError()) }
        return Array(signature.prefix(length))
    }
}
