import COpenSSL
#if canImport(Glibc)
import Glibc
import OpenSSLSupport
#endif

/// Result of checking one detached CMS SignedData against a precomputed SHA-256 digest.
struct CMSCheck: Sendable {
    var digestMatches = false
    var signatureValid = false
    var signer: Certificate?
    var chainTrusted = false
    var chainError: String?
    var hasSigningTime = false
    var hasSigningCertificateV2 = false
    var timestamp: TimestampInfo?
    var error: String?
}

/// A timestamp token found in a signature.
public struct TimestampInfo: Sendable {
    /// genTime, seconds since 1970.
    public let time: Int
    /// Token signature, imprint (over the signature value) and TSA chain all check out.
    public let valid: Bool
}

enum CMSVerifier {
    static func check(cmsDER: [UInt8], digest: [UInt8], roots: [Certificate]) -> CMSCheck {
        var r = CMSCheck()
        guard let cms = try? PAdESCMS.decode(cmsDER) else {
            r.error = "the CMS does not parse"
            return r
        }
        defer { CMS_ContentInfo_free(cms) }
        guard let si = PAdESCMS.signerInfos(cms).first else {
            r.error = "no SignerInfo"
            return r
        }
        let certs = CMS_get1_certs(cms)
        defer { if let certs { pdfsign_sk_X509_pop_free(certs) } }
        var signerPtr: OpaquePointer? = nil
        for i in 0..<(certs.map { pdfsign_sk_X509_num($0) } ?? 0) {
            if let x = pdfsign_sk_X509_value(certs, i), CMS_SignerInfo_cert_cmp(si, x) == 0 { signerPtr = x }
        }
        guard let signerPtr else {
            r.error = "the signer's certificate is not in the CMS"
            return r
        }
        r.signer = try? Certificate(der: X509Certificate.encode(signerPtr))
        CMS_SignerInfo_set1_signer_cert(si, signerPtr)
        if let md = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING) {
            let s = md.assumingMemoryBound(to: ASN1_STRING.self)
            r.digestMatches = Array(UnsafeBufferPointer(start: ASN1_STRING_get0_data(s), count: Int(ASN1_STRING_length(s)))) == digest
        }
        r.signatureValid = CMS_SignerInfo_verify(si) == 1
        r.hasSigningTime = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0
        r.hasSigningCertificateV2 = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0
        (r.chainTrusted, r.chainError) = verifyChain(signerPtr, untrusted: certs, roots: roots)
        let sigValue = CMS_SignerInfo_get0_signature(si).map {
            Array(UnsafeBufferPointer(start: ASN1_STRING_get0_data($0), count: Int(ASN1_STRING_length($0))))
        } ?? []
        let ti = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1)
        if ti >= 0, let attr = CMS_unsigned_get_attr(si, ti) {
            r.timestamp = timestamp(attr, imprintOf: sigValue, roots: roots)
        }
        ERR_clear_error()
        return r
    }

    static func verifyChain(_ leaf: OpaquePointer, untrusted: OpaquePointer?, roots: [Certificate]) -> (Bool, String?) {
        guard let store = trustStore(roots), let ctx = X509_STORE_CTX_new() else { return (false, "no trust store") }
        defer {
            X509_STORE_CTX_free(ctx)
            X509_STORE_free(store)
        }
        guard X509_STORE_CTX_init(ctx, store, leaf, untrusted) == 1 else { return (false, OpenSSLFailure.lastError()) }
        if X509_verify_cert(ctx) == 1 { return (true, nil) }
        let err = X509_STORE_CTX_get_error(ctx)
        ERR_clear_error()
        return (false, String(cString: X509_verify_cert_error_string(Int(err))))
    }

    static func trustStore(_ roots: [Certificate]) -> OpaquePointer? {
        guard let store = X509_STORE_new() else { return nil }
        for c in roots {
            if let h = try? X509Certificate(der: c.der) { X509_STORE_add_cert(store, h.ptr) }
        }
        return store
    }

    private static func timestamp(_ attr: OpaquePointer, imprintOf sigValue: [UInt8], roots: [Certificate]) -> TimestampInfo? {
        guard let type = X509_ATTRIBUTE_get0_type(attr, 0), type.pointee.type == V_ASN1_SEQUENCE,
            let seq = type.pointee.value.sequence
        else { return nil }
        let der = Array(UnsafeBufferPointer(start: ASN1_STRING_get0_data(seq), count: Int(ASN1_STRING_length(seq))))
        let token: UnsafeMutablePointer<PKCS7>? = der.withUnsafeBufferPointer { buf in
            var p: UnsafePointer<UInt8>? = buf.baseAddress
            return d2i_PKCS7(nil, &p, buf.count)
        }
        guard let token else { return nil }
        defer { PKCS7_free(token) }
        guard let info = PKCS7_to_TS_TST_INFO(token) else { return nil }
        defer { TS_TST_INFO_free(info) }
        var tm = tm()
        guard let gt = TS_TST_INFO_get_time(info), ASN1_TIME_to_tm(gt, &tm) == 1 else { return nil }
        let time = timegm(&tm)
        var valid = false
        if let ctx = TS_VERIFY_CTX_new(), let store = trustStore(roots) {
            let hash = StreamingDigest.sha256(sigValue)
            let buf = CRYPTO_malloc(hash.count, nil, 0)!.assumingMemoryBound(to: UInt8.self)
            hash.withUnsafeBufferPointer { buf.update(from: $0.baseAddress!, count: hash.count) }
            TS_VERIFY_CTX_set_flags(ctx, Int32(TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_IMPRINT))
            TS_VERIFY_CTX_set_imprint(ctx, buf, hash.count)  // the context owns buf and store from here
            TS_VERIFY_CTX_set_store(ctx, store)
            valid = TS_RESP_verify_token(ctx, token) == 1
            TS_VERIFY_CTX_free(ctx)
        }
        ERR_clear_error()
        return TimestampInfo(time: time, valid: valid)
    }
}
