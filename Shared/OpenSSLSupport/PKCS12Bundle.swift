import COpenSSL

/// The private key and certificate of a PKCS#12 (.p12/.pfx) file, for signers outside PDFSign (dispatch's XML
/// signature with the agency's key). The password is used once and never kept.
public struct PKCS12Bundle: Sendable {
    public let key: PrivateKey
    public let certificate: X509Certificate

    public init(pkcs12: [UInt8], password: String) throws(OpenSSLFailure) {
        let bio = MemoryBIO.make(pkcs12)
        defer { MemoryBIO.free(bio) }
        guard let p12 = d2i_PKCS12_bio(bio, nil) else {
            OpenSSLFailure.clearErrors()
            throw OpenSSLFailure(reason: "not a PKCS#12 file")
        }
        defer { PKCS12_free(p12) }
        var key: OpaquePointer? = nil
        var cert: OpaquePointer? = nil
        var ca: OpaquePointer? = nil
        var parsed = PKCS12_parse(p12, password, &key, &cert, &ca) == 1
        if !parsed && PKCS12_verify_mac(p12, password, -1) == 1 {
            // Right password, but legacy ciphers (RC2-40/3DES) in the bags.
            OpenSSLFailure.clearErrors()
            if pdfsign_load_legacy_providers() == 1 { parsed = PKCS12_parse(p12, password, &key, &cert, &ca) == 1 }
        }
        if let ca { pdfsign_sk_X509_pop_free(ca) }
        guard parsed, let key, let cert else {
            OpenSSLFailure.clearErrors()
            throw OpenSSLFailure(reason: "the PKCS#12 file cannot be opened (wrong password or damaged file)")
        }
        self.key = PrivateKey(unsafeOwning: key)
        certificate = X509Certificate(retaining: cert)
        X509_free(cert)
    }
}
