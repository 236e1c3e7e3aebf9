import COpenSSL

/// The private-key side of signing: ONE private-key operation over the DER of the CMS signed attributes.
///
/// This is the hook for hardware tokens: a PKCS#11 implementation runs `CKM_SHA256_RSA_PKCS` (or `CKM_ECDSA` over
/// the SHA-256) over `signedAttributes`, and never exposes the key. The certificate is all the CMS builder needs.
public protocol SignatureKey: Sendable {
    /// The signer's certificate.
    var certificate: Certificate { get }
    /// Intermediate certificates to embed (the root may be left out).
    var chain: [Certificate] { get }
    /// Signs `signedAttributes` (a DER `SET OF Attribute`): RSA PKCS#1 v1.5 (or ECDSA) with SHA-256 over those bytes.
    func sign(signedAttributes: [UInt8]) throws -> [UInt8]
}

/// A key and certificate loaded from a PKCS#12 (.p12/.pfx) file. The password is used once and never stored or logged.
public final class PKCS12SignatureKey: SignatureKey, CustomStringConvertible, @unchecked Sendable {
    // @unchecked: `pkey` is immutable after init, and OpenSSL EVP_PKEY signing with a fresh context is thread-safe.
    private let pkey: OpaquePointer
    public let certificate: Certificate
    public let chain: [Certificate]

    /// Loads a PKCS#12 blob. Throws `key.unreadable` for a wrong password or a damaged file.
    public init(pkcs12: [UInt8], password: String) throws {
        let bio = OpenSSL.memBIO(pkcs12)
        defer { BIO_free(bio) }
        guard let p12 = d2i_PKCS12_bio(bio, nil) else { throw Self.unreadable }
        defer { PKCS12_free(p12) }
        var key: OpaquePointer? = nil
        var cert: OpaquePointer? = nil
        var ca: OpaquePointer? = nil
        var parsed = PKCS12_parse(p12, password, &key, &cert, &ca) == 1
        if !parsed && PKCS12_verify_mac(p12, password, -1) == 1 {
            // Right password, but the bags use legacy ciphers (RC2-40/3DES, common in older .pfx files).
            ERR_clear_error()
            if pdfsign_load_legacy_providers() == 1 { parsed = PKCS12_parse(p12, password, &key, &cert, &ca) == 1 }
        }
        guard parsed, let key, let cert else {
            ERR_clear_error()
            throw Self.unreadable
        }
        defer {
            X509_free(cert)
            if let ca { pdfsign_sk_X509_pop_free(ca) }
        }
        let leaf: Certificate
        do {
            leaf = try Certificate(der: X509Handle.encode(cert))
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        pkey = key
        certificate = leaf
        chain = OpenSSL.certificates(in: ca).filter { $0 != leaf }
    }

    /// Loads a PKCS#12 file.
    public convenience init(path: String, password: String) throws {
        try self.init(pkcs12: try FileIO.read(path), password: password)
    }

    deinit { EVP_PKEY_free(pkey) }

    public var description: String { "PKCS12SignatureKey(\(certificate.subject))" }

    public func sign(signedAttributes: [UInt8]) throws -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw PDFSignError.crypto("no digest context") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, pkey) == 1 else { throw PDFSignError.crypto(OpenSSL.lastError()) }
        var len = 0
        let ok = signedAttributes.withUnsafeBufferPointer { buf in
            EVP_DigestSign(ctx, nil, &len, buf.baseAddress, buf.count) == 1
        }
        guard ok else { throw PDFSignError.crypto(OpenSSL.lastError()) }
        var sig = [UInt8](repeating: 0, count: len)
        let ok2 = signedAttributes.withUnsafeBufferPointer { buf in
            EVP_DigestSign(ctx, &sig, &len, buf.baseAddress, buf.count) == 1
        }
        guard ok2 else { throw PDFSignError.crypto(OpenSSL.lastError()) }
        return Array(sig[0..<len])
    }

    private static let unreadable = PDFSignError(
        .keyUnreadable, "The PKCS#12 file cannot be opened: wrong password or damaged file",
        vi: "Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp bị hỏng")
}
