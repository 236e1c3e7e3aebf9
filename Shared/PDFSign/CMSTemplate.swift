import COpenSSL
import Synchronization
import OpenSSLSupport

/// The PAdES SignedData of one signer, encoded once by OpenSSL's CMS API and reused for every signature.
///
/// Between two signatures with the same certificates only the message digest (32 bytes inside the
/// signed attributes) and the signature value change. OpenSSL builds the structure once, with a zero
/// digest and an empty signature (so the encoding — sorted SET OF, ESS signing-certificate-v2, algorithm
/// identifiers — is exactly OpenSSL's); each signature then patches the digest and appends the value.
/// Going through `CMS_sign` + `CMS_add1_signer` + `i2d_CMS_bio` per signature cost more than the hashing
/// of a 100 KB file.
final class CMSTemplate: Sendable {
    /// One level of the path ContentInfo → [0] → SignedData → signerInfos → SignerInfo: its tag and the
    /// bytes of its content before its last element (the next level, and finally the signature value).
    private struct Level: Sendable {
        let tag: UInt8
        let before: [UInt8]
    }
    private let levels: [Level]
    /// Offset of the message digest in the SignerInfo's `before` bytes (the last level).
    private let digestInSignerInfo: Int
    /// The DER `SET OF Attribute` that is signed (tag 0x31), with a zero digest at `digestInAttributes`.
    private let signedAttributes: [UInt8]
    private let digestInAttributes: Int

    private static let flags = UInt32(CMS_PARTIAL | CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP)
    /// `messageDigest` attribute up to its value: OID 1.2.840.113549.1.9.4, SET, OCTET STRING of 32 bytes.
    private static let digestAttributeHead: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x04, 0x31, 0x22, 0x04, 0x20]

    init(certificate: Certificate, chain: [Certificate]) throws {
        let der = try Self.openSSLEncoding(certificate: certificate, chain: chain, digest: [UInt8](repeating: 0, count: 32), signature: [])
        // Walk down the last element of each level; the SignerInfo's last element is the empty signature (04 00).
        var levels: [Level] = []
        var pos = 0
        for _ in 0..<5 {
            guard let (tag, content) = DER.element(der, at: pos), content.upperBound <= der.count, let last = DER.lastChild(der, content) else {
                throw PDFSignError.crypto("unexpected CMS layout")
            }
            levels.append(Level(tag: tag, before: Array(der[content.lowerBound..<last])))
            pos = last
        }
        guard der[pos...].elementsEqual([0x04, 0x00]) else { throw PDFSignError.crypto("unexpected CMS layout (signature value)") }
        let signerInfo = levels[4].before
        guard let at = DER.onlyOccurrence(of: Self.digestAttributeHead, in: signerInfo) else {
            throw PDFSignError.crypto("unexpected CMS layout (message digest)")
        }
        // SignerInfo: version, sid, digestAlgorithm, then the signed attributes [0] IMPLICIT — signed with the SET OF tag.
        var p = 0
        for _ in 0..<3 {
            guard let (_, c) = DER.element(signerInfo, at: p) else { throw PDFSignError.crypto("unexpected SignerInfo layout") }
            p = c.upperBound
        }
        guard signerInfo[p] == 0xA0, let (_, attrs) = DER.element(signerInfo, at: p), at > p, at < attrs.upperBound else {
            throw PDFSignError.crypto("unexpected SignerInfo layout (signed attributes)")
        }
        var signed = Array(signerInfo[p..<attrs.upperBound])
        signed[0] = 0x31
        self.levels = levels
        digestInSignerInfo = at + Self.digestAttributeHead.count
        signedAttributes = signed
        digestInAttributes = at - p + Self.digestAttributeHead.count
    }

    /// The DER to sign for `digest`: the signed attributes as a SET OF.
    func attributesToSign(digest: [UInt8]) -> [UInt8] {
        precondition(digest.count == 32)
        var out = signedAttributes
        out.replaceSubrange(digestInAttributes..<(digestInAttributes + 32), with: digest)
        return out
    }

    /// The DER ContentInfo with `digest` in the message-digest attribute and `signature` as the signature value.
    func contentInfo(digest: [UInt8], signature: [UInt8]) -> [UInt8] {
        precondition(digest.count == 32)
        // Content lengths from the inside out, then one pass writing headers and bytes.
        var lengths = [Int](repeating: 0, count: levels.count)
        var inner = 1 + DER.lengthSize(signature.count) + signature.count
        for i in stride(from: levels.count - 1, through: 0, by: -1) {
            lengths[i] = levels[i].before.count + inner
            inner = 1 + DER.lengthSize(lengths[i]) + lengths[i]
        }
        var out: [UInt8] = []
        out.reserveCapacity(inner)
        var digestAt = 0
        for (i, level) in levels.enumerated() {
            out.append(level.tag)
            DER.appendLength(lengths[i], to: &out)
            if i == levels.count - 1 { digestAt = out.count + digestInSignerInfo }
            out += level.before
        }
        out.append(0x04)
        DER.appendLength(signature.count, to: &out)
        out += signature
        out.replaceSubrange(digestAt..<(digestAt + 32), with: digest)
        return out
    }

    /// What OpenSSL's CMS API encodes for this signer (the reference the template is cut from; tests compare with it).
    static func openSSLEncoding(certificate: Certificate, chain: [Certificate], digest: [UInt8], signature: [UInt8]) throws -> [UInt8] {
        let signer = try X509Certificate(der: certificate.der)
        let extra = try X509Stack.stack(chain)
        defer { pdfsign_sk_X509_pop_free(extra) }
        guard let cms = CMS_sign(nil, nil, extra, nil, flags) else { throw PDFSignError.crypto(OpenSSLFailure.lastError()) }
        defer { CMS_ContentInfo_free(cms) }
        guard let pub = X509_get_pubkey(signer.ptr) else { throw PDFSignError.crypto("certificate has no public key") }
        defer { EVP_PKEY_free(pub) }
        guard let si = CMS_add1_signer(cms, signer.ptr, pub, EVP_sha256(), flags | UInt32(CMS_CADES)) else {
            throw PDFSignError.crypto(OpenSSLFailure.lastError())
        }
        guard CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, UnsafeRawPointer(OBJ_nid2obj(NID_pkcs7_data)), -1) == 1,
            digest.withUnsafeBufferPointer({ CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, $0.baseAddress, 32) }) == 1
        else { throw PDFSignError.crypto(OpenSSLFailure.lastError()) }
        guard let sigStr = CMS_SignerInfo_get0_signature(si),
            signature.withUnsafeBufferPointer({ ASN1_STRING_set(sigStr, $0.baseAddress, Int32($0.count)) }) == 1
        else { throw PDFSignError.crypto("cannot store the signature value") }
        return try PAdESCMS.encode(cms)
    }
}

/// Templates by signer certificates. Keys that are objects keep their own (`PKCS12SignatureKey`); this is for the others.
final class CMSTemplateCache: Sendable {
    static let shared = CMSTemplateCache()
    private let entries = Mutex<[[Certificate]: CMSTemplate]>([:])

    func template(for key: any SignatureKey) throws -> CMSTemplate {
        let id = [key.certificate] + key.chain
        if let t = entries.withLock({ $0[id] }) { return t }
        let t = try CMSTemplate(certificate: key.certificate, chain: key.chain)
        entries.withLock { e in
            if e.count >= 64 { e.removeAll() }  // bounded: signers are few in practice
            e[id] = t
        }
        return t
    }
}

/// Minimal DER reading and writing for the template.
enum DER {
    /// Tag and content range of the element at `pos` (definite lengths only).
    static func element(_ b: [UInt8], at pos: Int) -> (UInt8, Range<Int>)? {
        guard pos + 2 <= b.count else { return nil }
        let first = Int(b[pos + 1])
        var len = first, start = pos + 2
        if first & 0x80 != 0 {
            let n = first & 0x7F
            guard n >= 1, n <= 4, start + n <= b.count else { return nil }
            len = 0
            for k in 0..<n { len = len << 8 | Int(b[start + k]) }
            start += n
        }
        guard start + len <= b.count else { return nil }
        return (b[pos], start..<(start + len))
    }

    /// Start of the last element inside `content`.
    static func lastChild(_ b: [UInt8], _ content: Range<Int>) -> Int? {
        var p = content.lowerBound, last: Int?
        while p < content.upperBound {
            guard let (_, c) = element(b, at: p) else { return nil }
            last = p
            p = c.upperBound
        }
        return p == content.upperBound ? last : nil
    }

    static func onlyOccurrence(of pattern: [UInt8], in b: [UInt8]) -> Int? {
        var found: Int?
        guard b.count >= pattern.count else { return nil }
        for i in 0...(b.count - pattern.count) where b[i] == pattern[0] && b[i..<(i + pattern.count)].elementsEqual(pattern) {
            guard found == nil else { return nil }
            found = i
        }
        return found
    }

    static func lengthSize(_ n: Int) -> Int { n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x100_0000 ? 4 : 5 }

    static func appendLength(_ n: Int, to out: inout [UInt8]) {
        let size = lengthSize(n)
        if size == 1 {
            out.append(UInt8(n))
            return
        }
        out.append(0x80 | UInt8(size - 1))
        for k in stride(from: size - 2, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: n >> (8 * k))) }
    }
}
