import COpenSSL
import Synchronization
import OpenSSLSupport

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
    // @unchecked: `pkey` is immutable after init; each signing context is used by one thread at a time (taken from the pool).
    private let pkey: OpaquePointer
    public let certificate: Certificate
    public let chain: [Certificate]
    /// Initialised signing contexts (EVP_PKEY_sign_init + SHA-256) for reuse: setting one up costs a tenth of an RSA-2048 signature.
    private let contexts = Mutex<[SignContext]>([])
    private let template = Mutex<CMSTemplate?>(nil)

    private struct SignContext: @unchecked Sendable { let ptr: OpaquePointer }

    /// Loads a PKCS#12 blob. Throws `key.unreadable` for a wrong password or a damaged file.
    public init(pkcs12: [UInt8], password: String) throws {
        let bio = MemoryBIO.make(pkcs12)
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
            leaf = try Certificate(der: X509Certificate.encode(cert))
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        pkey = key
        certificate = leaf
        chain = X509Stack.certificates(in: ca).filter { $0 != leaf }
    }

    /// Loads a PKCS#12 file.
    public convenience init(path: String, password: String) throws {
        try self.init(pkcs12: try FileIO.read(path), password: password)
    }

    deinit {
        for c in contexts.withLock({ $0 }) { EVP_PKEY_CTX_free(c.ptr) }
        EVP_PKEY_free(pkey)
    }

    public var description: String { "PKCS12SignatureKey(\(certificate.subject))" }

    /// RSA PKCS#1 v1.5 (or ECDSA) over SHA-256(`signedAttributes`): the same bytes as `EVP_DigestSign` with SHA-256.
    public func sign(signedAttributes: [UInt8]) throws -> [UInt8] {
        let ctx = try contexts.withLock { $0.popLast() } ?? newContext()
        let digest = StreamingDigest.sha256(signedAttributes)
        var sig = [UInt8](repeating: 0, count: Int(EVP_PKEY_get_size(pkey)))
        var len = sig.count
        guard EVP_PKEY_sign(ctx.ptr, &sig, &len, digest, digest.count) == 1 else {
            EVP_PKEY_CTX_free(ctx.ptr)  // not reused after a failure
            throw PDFSignError.crypto(OpenSSLFailure.lastError())
        }
        let spare = contexts.withLock { pool -> SignContext? in
            guard pool.count < 16 else { return ctx }
            pool.append(ctx)
            return nil
        }
        if let spare { EVP_PKEY_CTX_free(spare.ptr) }
        if len < sig.count { sig.removeLast(sig.count - len) }
        return sig
    }

    private func newContext() throws -> SignContext {
        guard let ctx = EVP_PKEY_CTX_new(pkey, nil) else { throw PDFSignError.crypto("no signing context") }
        guard EVP_PKEY_sign_init(ctx) == 1, EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 else {
            EVP_PKEY_CTX_free(ctx)
            throw PDFSignError.crypto(OpenSSLFailure.lastError())
        }
        return SignContext(ptr: ctx)
    }

    /// The SignedData template of this key's certificates, built on first use.
    func cmsTemplate() throws -> CMSTemplate {
        if let t = template.withLock({ $0 }) { return t }
        let t = try CMSTemplate(certificate: certificate, chain: chain)
        template.withLock { $0 = t }
        return t
    }

    private static let unreadable = PDFSignError(
        .keyUnreadable, "The PKCS#12 file cannot be opened: wrong password or damaged file",
        vi: "Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp bị hỏng")
}
