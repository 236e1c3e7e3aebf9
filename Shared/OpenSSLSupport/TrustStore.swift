import COpenSSL
import Foundation

/// The certificates a signature must chain to (chứng thư số gốc: for the axis, the Vietnamese government CA roots,
/// which are configuration) and the revocation lists to check against. Read-only after creation, so it may be shared.
public final class TrustStore: @unchecked Sendable {
    public let roots: [X509Certificate]
    /// `X509_CRL*`, owned.
    private let crls: [OpaquePointer]

    public init(roots: [X509Certificate], crlPEMs: [String] = []) throws(OpenSSLFailure) {
        guard !roots.isEmpty else { throw OpenSSLFailure(reason: "trust store: no root certificate") }
        self.roots = roots
        var crls: [OpaquePointer] = []
        for pem in crlPEMs {
            let bio = MemoryBIO.make(Array(pem.utf8))
            defer { MemoryBIO.free(bio) }
            while let crl = PEM_read_bio_X509_CRL(bio, nil, nil, nil) { crls.append(crl) }
            OpenSSLFailure.clearErrors()  // the end of the text reads as an error
        }
        self.crls = crls
    }

    /// Roots from a PEM bundle file, CRLs from PEM files.
    public convenience init(rootsFile: String, crlFiles: [String] = []) throws(OpenSSLFailure) {
        guard let pem = try? String(contentsOfFile: rootsFile, encoding: .utf8) else {
            throw OpenSSLFailure(reason: "trust store: cannot read \(rootsFile)")
        }
        var crlPEMs: [String] = []
        for file in crlFiles {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw OpenSSLFailure(reason: "trust store: cannot read the revocation list \(file)")
            }
            crlPEMs.append(text)
        }
        try self.init(roots: try X509Certificate.allFromPEM(pem), crlPEMs: crlPEMs)
    }

    deinit { crls.forEach { X509_CRL_free($0) } }

    public var checksRevocation: Bool { !crls.isEmpty }

    /// Nil when `leaf` chains to a root through `intermediates`, every certificate of the chain was valid at `time`
    /// (the signing time, not now: a signature made while the certificate was valid stays valid) and, with revocation
    /// lists loaded, the leaf is not revoked. Otherwise OpenSSL's reason.
    public func problem(with leaf: X509Certificate, intermediates: [X509Certificate] = [], at time: Date) -> String? {
        guard let store = X509_STORE_new() else { return "trust store: out of memory" }
        guard let context = X509_STORE_CTX_new() else {
            X509_STORE_free(store)
            return "trust store: out of memory"
        }
        let chain = pdfsign_sk_X509_new_null()
        defer {
            X509_STORE_CTX_free(context)
            X509_STORE_free(store)
            pdfsign_sk_X509_free(chain)  // the certificates stay owned by their X509Certificate
        }
        for root in roots { X509_STORE_add_cert(store, root.ptr) }
        for crl in crls { X509_STORE_add_crl(store, crl) }
        for certificate in intermediates { _ = pdfsign_sk_X509_push(chain, certificate.ptr) }
        guard X509_STORE_CTX_init(context, store, leaf.ptr, chain) == 1 else {
            let reason = OpenSSLFailure.lastError()
            return "trust store: \(reason)"
        }
        X509_STORE_CTX_set_time(context, 0, time_t(time.timeIntervalSince1970))
        if !crls.isEmpty { X509_STORE_CTX_set_flags(context, UInt(X509_V_FLAG_CRL_CHECK)) }
        if X509_verify_cert(context) == 1 { return nil }
        let error = X509_STORE_CTX_get_error(context)
        OpenSSLFailure.clearErrors()
        return String(cString: X509_verify_cert_error_string(Int(error)))
    }
}
