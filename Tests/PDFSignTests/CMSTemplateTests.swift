import Foundation
import Testing

@testable import PDFSign

/// The SignedData assembled from a signer's template must be exactly what OpenSSL's CMS API encodes,
/// and the reused signing contexts must give the signature `openssl dgst -sign` gives.
struct CMSTemplateTests {
    let pki = TestPKI.shared

    @Test("The template's SignedData is byte for byte OpenSSL's CMS encoding (leader with intermediate CA)")
    func sameAsOpenSSL() throws {
        let key = try pki.leaderKey()
        #expect(!key.chain.isEmpty, "the leader's PKCS#12 carries the issuing CA")
        for seed in 0..<3 {
            let digest = (0..<32).map { UInt8(truncatingIfNeeded: $0 * 7 + seed * 31) }
            let (der, signature) = try PAdESCMS.build(digest: digest, key: key)
            let reference = try CMSTemplate.openSSLEncoding(certificate: key.certificate, chain: key.chain, digest: digest, signature: signature)
            #expect(der == reference)
            let check = CMSVerifier.check(cmsDER: der, digest: digest, roots: pki.roots)
            #expect(check.digestMatches && check.signatureValid && check.chainTrusted, "\(check)")
            #expect(check.hasSigningCertificateV2 && !check.hasSigningTime)
            // Another digest must not verify against this SignedData.
            #expect(!CMSVerifier.check(cmsDER: der, digest: digest.reversed(), roots: pki.roots).digestMatches)
        }
    }

    @Test("Signing with reused contexts gives the signature of `openssl dgst -sha256 -sign`, every time")
    func signatureMatchesOpenSSLCLI() throws {
        let key = try pki.leaderKey()
        let dir = Tools.tempDir("tbs")
        let attributes = try key.cmsTemplate().attributesToSign(digest: [UInt8](repeating: 0xAB, count: 32))
        try Tools.write(attributes, to: dir + "/attrs.der")
        let o = try Tools.run("openssl", ["dgst", "-sha256", "-sign", pki.dir + "/leader.key", "-out", dir + "/sig.bin", dir + "/attrs.der"])
        #expect(o.status == 0, "\(o.all)")
        let expected = try Tools.read(dir + "/sig.bin")
        for _ in 0..<3 { #expect(try key.sign(signedAttributes: attributes) == expected) }
    }

    /// A key that is not a `PKCS12SignatureKey`, as a PKCS#11 token would be: certificates plus one signing call.
    struct TokenLikeKey: SignatureKey {
        let inner: PKCS12SignatureKey
        var certificate: Certificate { inner.certificate }
        var chain: [Certificate] { inner.chain }
        func sign(signedAttributes: [UInt8]) throws -> [UInt8] { try inner.sign(signedAttributes: signedAttributes) }
    }

    @Test("Other SignatureKey implementations get the same SignedData through the shared template cache")
    func otherKeys() throws {
        let key = try pki.agencyKey()
        let digest = [UInt8](repeating: 0x5A, count: 32)
        let direct = try PAdESCMS.build(digest: digest, key: key)
        for _ in 0..<2 {
            let viaCache = try PAdESCMS.build(digest: digest, key: TokenLikeKey(inner: key))
            #expect(viaCache.der == direct.der && viaCache.signatureValue == direct.signatureValue)
        }
    }

    @Test("An ECDSA P-256 key (signatures of varying length) signs PDFs that we, pdfsig and pyHanko accept")
    func ecdsaKey() async throws {
        let dir = Tools.tempDir("ecdsa")
        func ossl(_ args: [String]) throws {
            let o = try Tools.run("openssl", args, cwd: dir)
            #expect(o.status == 0, "openssl \(args.joined(separator: " ")): \(o.all)")
        }
        try ossl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key"])
        try ossl(["req", "-new", "-key", "ec.key", "-out", "ec.csr", "-subj", "/C=VN/O=QLVB Test/CN=Ký số ECDSA", "-utf8"])
        try ossl([
            "x509", "-req", "-in", "ec.csr", "-CA", pki.dir + "/inter.pem", "-CAkey", pki.dir + "/inter.key", "-CAcreateserial",
            "-days", "30", "-extfile", pki.dir + "/ee.ext", "-out", "ec.pem",
        ])
        try ossl(["pkcs12", "-export", "-inkey", "ec.key", "-in", "ec.pem", "-certfile", pki.dir + "/inter.pem", "-out", "ec.p12", "-passout", "pass:ec"])
        let key = try PKCS12SignatureKey(path: dir + "/ec.p12", password: "ec")
        var lengths: Set<Int> = []
        for i in 0..<40 {
            let digest = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ i) }
            let (der, sig) = try PAdESCMS.build(digest: digest, key: key)
            lengths.insert(sig.count)
            #expect(der == (try CMSTemplate.openSSLEncoding(certificate: key.certificate, chain: key.chain, digest: digest, signature: sig)))
            let check = CMSVerifier.check(cmsDER: der, digest: digest, roots: pki.roots)
            #expect(check.digestMatches && check.signatureValid && check.chainTrusted, "\(check)")
        }
        #expect(lengths.count > 1, "DER ECDSA signatures vary in length; 40 tries should show it")
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        let once = dir + "/ec-1.pdf", twice = dir + "/ec-2.pdf"
        try await PDFSigner.signFile(input: input, output: once, key: key, options: SignatureOptions(fieldName: "EC1"))
        try await PDFSigner.signFile(input: once, output: twice, key: key, options: SignatureOptions(fieldName: "EC2"))
        try Verifiers.allAccept(twice, signatures: 2, pki: pki)
    }
}
