import COpenSSL

/// Owns one OpenSSL `X509*`. Read-only after creation, so it may be shared between threads.
public final class X509Certificate: @unchecked Sendable {
    /// The `X509*`, for OpenSSL calls made outside this module (CMS, trust stores). Not freed by the caller.
    public let ptr: OpaquePointer

    public init(der: [UInt8]) throws(OpenSSLFailure) {
        let p: OpaquePointer? = der.withUnsafeBufferPointer { buf in
            var q: UnsafePointer<UInt8>? = buf.baseAddress
            return d2i_X509(nil, &q, buf.count)
        }
        guard let p else {
            OpenSSLFailure.clearErrors()
            throw OpenSSLFailure(reason: "the certificate cannot be read")
        }
        ptr = p
    }

    /// The first certificate of a PEM text.
    public convenience init(pem: String) throws(OpenSSLFailure) {
        guard let first = try Self.allFromPEM(pem).first else {
            throw OpenSSLFailure(reason: "certificate: no certificate in the PEM text")
        }
        self.init(retaining: first.ptr)
    }

    /// Takes a new reference to `x`.
    public init(retaining x: OpaquePointer) {
        X509_up_ref(x)
        ptr = x
    }

    deinit { X509_free(ptr) }

    /// Every certificate of a PEM text (a bundle is fine).
    public static func allFromPEM(_ pem: String) throws(OpenSSLFailure) -> [X509Certificate] {
        let bio = MemoryBIO.make(Array(pem.utf8))
        defer { MemoryBIO.free(bio) }
        var out: [X509Certificate] = []
        while let x = PEM_read_bio_X509(bio, nil, nil, nil) {
            out.append(X509Certificate(retaining: x))
            X509_free(x)
        }
        OpenSSLFailure.clearErrors()  // the read that ends the loop always leaves "no start line"
        return out
    }

    /// The DER encoding of `x`.
    public static func encode(_ x: OpaquePointer) throws(OpenSSLFailure) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let n = i2d_X509(x, &out)
        guard n > 0, let out else { throw OpenSSLFailure(reason: "certificate does not encode") }
        defer { qlvb_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }

    public var der: [UInt8] { (try? Self.encode(ptr)) ?? [] }

    /// The subject as a one-line RFC 2253 string, UTF-8 kept as is.
    public var subject: String { Self.rfc2253(X509_get_subject_name(ptr)) }
    /// The issuer, like `subject`.
    public var issuer: String { Self.rfc2253(X509_get_issuer_name(ptr)) }

    /// XN_FLAG_RFC2253 without ASN1_STRFLGS_ESC_MSB, so Vietnamese names stay readable (the macro does not import).
    private static let rfc2253Flags =
        UInt(ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_UTF8_CONVERT | ASN1_STRFLGS_DUMP_UNKNOWN | ASN1_STRFLGS_DUMP_DER)
        | UInt(XN_FLAG_SEP_COMMA_PLUS) | UInt(XN_FLAG_DN_REV) | UInt(XN_FLAG_FN_SN) | UInt(XN_FLAG_DUMP_UNKNOWN_FIELDS)

    private static func rfc2253(_ name: OpaquePointer?) -> String {
        let bio = MemoryBIO.make()
        defer { MemoryBIO.free(bio) }
        X509_NAME_print_ex(bio, name, 0, rfc2253Flags)
        return String(decoding: MemoryBIO.bytes(bio), as: UTF8.self)
    }

    /// The subject's common name (CN), if any.
    public var commonName: String? {
        let n = X509_get_subject_name(ptr)
        let i = X509_NAME_get_index_by_NID(n, NID_commonName, -1)
        guard i >= 0, let e = X509_NAME_get_entry(n, i), let s = X509_NAME_ENTRY_get_data(e) else { return nil }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let len = ASN1_STRING_to_UTF8(&out, s)
        guard len >= 0, let out else { return nil }
        defer { qlvb_OPENSSL_free(out) }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(len)), as: UTF8.self)
    }

    /// The subject public key info (DER).
    public func publicKeyDER() throws(OpenSSLFailure) -> [UInt8] {
        guard let key = X509_get0_pubkey(ptr) else { throw OpenSSLFailure(reason: "certificate has no public key") }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let n = i2d_PUBKEY(key, &out)
        guard n > 0, let out else { throw OpenSSLFailure(reason: "public key does not encode") }
        defer { qlvb_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }

    /// True when `key` is the private half of this certificate's public key.
    public func matches(_ key: PrivateKey) -> Bool {
        let ok = X509_check_private_key(ptr, key.pkey) == 1
        OpenSSLFailure.clearErrors()
        return ok
    }

    /// Checks a signature (PKCS#1 v1.5 for RSA keys) made over `data` hashed with `digest`.
    public func verify(_ signature: [UInt8], over data: [UInt8], digest: DigestAlgorithm) -> Bool {
        guard let publicKey = X509_get0_pubkey(ptr), let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, digest.md, nil, publicKey) == 1 else { return false }
        let status = EVP_DigestVerify(context, signature, signature.count, data, data.count)
        OpenSSLFailure.clearErrors()
        return status == 1
    }
}
