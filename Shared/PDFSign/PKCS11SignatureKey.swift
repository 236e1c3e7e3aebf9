import COpenSSL
import Foundation
import Synchronization
import OpenSSLSupport

/// A key on a PKCS#11 token: the USB token or HSM a leader or an agency signs with (Decree 68/2024). The private key
/// never leaves the token; the one private-key operation of a signature (over the CMS signed attributes) runs there,
/// through OpenSSL's pkcs11 engine. The certificate comes from a file (exported from the token once).
///
/// OpenSSL's pkcs11 engine is one per process and keeps the PIN it was last given, so opening keys and signing
/// go one at a time in the whole process (``engineLock``): two keys opened at once could otherwise log in to a
/// token with each other's PIN. A token signs one thing at a time anyway.
public final class PKCS11SignatureKey: SignatureKey, CustomStringConvertible, @unchecked Sendable {
    // @unchecked: `pkey` and `engine` are used under `engineLock` only, after init.
    private let pkey: OpaquePointer
    private let engine: OpaquePointer
    private static let engineLock = Mutex(())
    private let uri: String
    public let certificate: Certificate
    public let chain: [Certificate]

    /// Logs in to the token and finds the key.
    /// - Parameters:
    ///   - module: the token's PKCS#11 library (e.g. `/usr/lib/softhsm/libsofthsm2.so`, or the vendor's driver).
    ///   - uri: RFC 7512 URI of the private key, e.g. `pkcs11:token=VNPT-CA;object=leader;type=private`.
    ///   - pin: the user PIN; used to log in and not kept by this object.
    public init(module: String, uri: String, pin: String, certificate: Certificate, chain: [Certificate] = []) throws {
        let (loaded, opened) = Self.engineLock.withLock { _ -> (OpaquePointer?, OpaquePointer?) in
            var engine: OpaquePointer? = nil
            let key = pdfsign_pkcs11_load_key(module, uri, pin, &engine)
            return (key, engine)
        }
        guard let key = loaded, let engine = opened else {
            let detail = OpenSSLFailure.lastError()
            throw PDFSignError(
                .keyUnreadable, "The key \(uri) cannot be used from the token (module \(module)): wrong PIN, token absent or no such key (\(detail))",
                vi: "Không dùng được khóa \(uri) trên thiết bị ký (module \(module)): sai mã PIN, chưa cắm thiết bị hoặc không có khóa")
        }
        // The certificate must belong to the key: otherwise every signature would be invalid, found out only by readers.
        // (Checked before the properties are set: once they are, a throw would run deinit and free them a second time.)
        guard (try? Self.publicKeyDER(of: key)) == (try? certificate.publicKeyDER()) else {
            EVP_PKEY_free(key)
            pdfsign_pkcs11_release(engine)
            throw PDFSignError(
                .keyUnreadable, "The certificate \(certificate.subject) is not the certificate of the token key \(uri)",
                vi: "Chứng thư số \(certificate.subject) không thuộc khóa \(uri) trên thiết bị ký")
        }
        self.pkey = key
        self.engine = engine
        self.uri = uri
        self.certificate = certificate
        self.chain = chain
    }

    deinit {
        Self.engineLock.withLock { _ in
            EVP_PKEY_free(pkey)
            pdfsign_pkcs11_release(engine)
        }
    }

    public var description: String { "PKCS11SignatureKey(\(uri), \(certificate.subject))" }

    /// RSA PKCS#1 v1.5 (or ECDSA) over SHA-256(`signedAttributes`), computed by the token.
    public func sign(signedAttributes: [UInt8]) throws -> [UInt8] {
        let digest = StreamingDigest.sha256(signedAttributes)
        return try Self.engineLock.withLock { _ in
            guard let ctx = EVP_PKEY_CTX_new(pkey, nil) else { throw PDFSignError.crypto("no signing context") }
            defer { EVP_PKEY_CTX_free(ctx) }
            guard EVP_PKEY_sign_init(ctx) == 1, EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 else {
                throw PDFSignError.crypto(OpenSSLFailure.lastError())
            }
            var length = 0
            guard EVP_PKEY_sign(ctx, nil, &length, digest, digest.count) == 1 else { throw PDFSignError.crypto(OpenSSLFailure.lastError()) }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_sign(ctx, &signature, &length, digest, digest.count) == 1 else {
                throw PDFSignError.crypto("the token refused to sign: \(OpenSSLFailure.lastError())")
            }
            return Array(signature.prefix(length))
        }
    }

    private static func publicKeyDER(of key: OpaquePointer) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let n = i2d_PUBKEY(key, &out)
        guard n > 0, let out else { throw PDFSignError.crypto(OpenSSLFailure.lastError()) }
        defer { pdfsign_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }
}
