import COpenSSL
import OpenSSLSupport

/// Builds the detached CMS SignedData of a PAdES baseline signature (pdf-notes §4):
/// signed attributes content-type, message-digest and ESS signing-certificate-v2, and no signing-time.
enum PAdESCMS {
    /// B-B: returns the DER of the SignedData and the signature value (input of a timestamp imprint).
    /// The key signs the signed attributes in one call (what a PKCS#11 token needs); the rest is the signer's template.
    static func build(digest: [UInt8], key: any SignatureKey) throws -> (der: [UInt8], signatureValue: [UInt8]) {
        let template = try (key as? PKCS12SignatureKey)?.cmsTemplate() ?? CMSTemplateCache.shared.template(for: key)
        let sig = try key.sign(signedAttributes: template.attributesToSign(digest: digest))
        return (template.contentInfo(digest: digest, signature: sig), sig)
    }

    /// Adds an RFC 3161 token (DER ContentInfo) as the unsigned attribute id-aa-timeStampToken.
    static func addTimestamp(cmsDER: [UInt8], token: [UInt8]) throws -> [UInt8] {
        let cms = try decode(cmsDER)
        defer { CMS_ContentInfo_free(cms) }
        guard let si = signerInfos(cms).first,
            token.withUnsafeBufferPointer({
                CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, $0.baseAddress, Int32($0.count))
            }) == 1
        else { throw PDFSignError.crypto(OpenSSLFailure.lastError()) }
        return try encode(cms)
    }

    static func signerInfos(_ cms: OpaquePointer) -> [OpaquePointer] {
        guard let sk = CMS_get0_SignerInfos(cms) else { return [] }
        return (0..<pdfsign_sk_CMS_SignerInfo_num(sk)).compactMap { pdfsign_sk_CMS_SignerInfo_value(sk, $0) }
    }

    static func encode(_ cms: OpaquePointer) throws -> [UInt8] {
        let bio = BIO_new(BIO_s_mem())
        defer { BIO_free(bio) }
        guard i2d_CMS_bio(bio, cms) == 1 else { throw PDFSignError.crypto(OpenSSLFailure.lastError()) }
        return MemoryBIO.bytes(bio)
    }

    static func decode(_ der: [UInt8]) throws -> OpaquePointer {
        let bio = MemoryBIO.make(der)
        defer { BIO_free(bio) }
        guard let cms = d2i_CMS_bio(bio, nil) else { throw PDFSignError.crypto("CMS does not parse: \(OpenSSLFailure.lastError())") }
        return cms
    }
}
