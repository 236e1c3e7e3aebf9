import COpenSSL

/// Builds the detached CMS SignedData of a PAdES baseline signature (pdf-notes §4):
/// signed attributes content-type, message-digest and ESS signing-certificate-v2, and no signing-time.
enum PAdESCMS {
    private static let flags = UInt32(CMS_PARTIAL | CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP)

    /// B-B: returns the DER of the SignedData and the signature value (input of a timestamp imprint).
    static func build(digest: [UInt8], key: any SignatureKey) throws -> (der: [UInt8], signatureValue: [UInt8]) {
        let signer = try X509Cache.shared.handle(der: key.certificate.der)
        let extra = try OpenSSL.stack(key.chain)
        defer { pdfsign_sk_X509_pop_free(extra) }
        guard let cms = CMS_sign(nil, nil, extra, nil, flags) else { throw PDFSignError.crypto(OpenSSL.lastError()) }
        defer { CMS_ContentInfo_free(cms) }
        guard let pub = X509_get_pubkey(signer.ptr) else { throw PDFSignError.crypto("certificate has no public key") }
        defer { EVP_PKEY_free(pub) }
        guard let si = CMS_add1_signer(cms, signer.ptr, pub, EVP_sha256(), flags | UInt32(CMS_CADES)) else {
            throw PDFSignError.crypto(OpenSSL.lastError())
        }
        guard CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, UnsafeRawPointer(OBJ_nid2obj(NID_pkcs7_data)), -1) == 1,
            digest.withUnsafeBufferPointer({ CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, $0.baseAddress, 32) }) == 1
        else { throw PDFSignError.crypto(OpenSSL.lastError()) }
        let tbs = try signedAttributesDER(si)
        let sig = try key.sign(signedAttributes: tbs)
        guard let sigStr = CMS_SignerInfo_get0_signature(si),
            sig.withUnsafeBufferPointer({ ASN1_STRING_set(sigStr, $0.baseAddress, Int32($0.count)) }) == 1
        else { throw PDFSignError.crypto("cannot store the signature value") }
        return (try encode(cms), sig)
    }

    /// Adds an RFC 3161 token (DER ContentInfo) as the unsigned attribute id-aa-timeStampToken.
    static func addTimestamp(cmsDER: [UInt8], token: [UInt8]) throws -> [UInt8] {
        let cms = try decode(cmsDER)
        defer { CMS_ContentInfo_free(cms) }
        guard let si = signerInfos(cms).first,
            token.withUnsafeBufferPointer({
                CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, $0.baseAddress, Int32($0.count))
            }) == 1
        else { throw PDFSignError.crypto(OpenSSL.lastError()) }
        return try encode(cms)
    }

    /// DER of the signed attributes as signed: the encodings sorted (DER SET OF), tagged 0x31.
    static func signedAttributesDER(_ si: OpaquePointer) throws -> [UInt8] {
        var encoded: [[UInt8]] = []
        for i in 0..<CMS_signed_get_attr_count(si) {
            guard let attr = CMS_signed_get_attr(si, i) else { continue }
            var out: UnsafeMutablePointer<UInt8>? = nil
            let n = i2d_X509_ATTRIBUTE(attr, &out)
            guard n > 0, let out else { throw PDFSignError.crypto("cannot encode a signed attribute") }
            encoded.append(Array(UnsafeBufferPointer(start: out, count: Int(n))))
            pdfsign_OPENSSL_free(out)
        }
        encoded.sort { a, b in
            for (x, y) in zip(a, b) where x != y { return x < y }
            return a.count < b.count
        }
        let body = encoded.flatMap { $0 }
        return [0x31] + derLength(body.count) + body
    }

    static func derLength(_ n: Int) -> [UInt8] {
        if n < 0x80 { return [UInt8(n)] }
        var bytes: [UInt8] = []
        var v = n
        while v > 0 {
            bytes.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    static func signerInfos(_ cms: OpaquePointer) -> [OpaquePointer] {
        guard let sk = CMS_get0_SignerInfos(cms) else { return [] }
        return (0..<pdfsign_sk_CMS_SignerInfo_num(sk)).compactMap { pdfsign_sk_CMS_SignerInfo_value(sk, $0) }
    }

    static func encode(_ cms: OpaquePointer) throws -> [UInt8] {
        let bio = BIO_new(BIO_s_mem())
        defer { BIO_free(bio) }
        guard i2d_CMS_bio(bio, cms) == 1 else { throw PDFSignError.crypto(OpenSSL.lastError()) }
        return OpenSSL.bioBytes(bio)
    }

    static func decode(_ der: [UInt8]) throws -> OpaquePointer {
        let bio = OpenSSL.memBIO(der)
        defer { BIO_free(bio) }
        guard let cms = d2i_CMS_bio(bio, nil) else { throw PDFSignError.crypto("CMS does not parse: \(OpenSSL.lastError())") }
        return cms
    }
}
