import EdXML
import Foundation
import OpenSSLSupport
import Testing

/// A signature counts only if its certificate chains to a configured root, was valid when the packet was signed and
/// is not revoked, and no SHA-1 was used. The tests make their own CA (the government roots are configuration).
@Suite struct TrustPolicyTests {
    /// A CA, a signer certificate it issued (valid from yesterday for 2 days), an unrelated CA, and a CRL revoking
    /// the signer, made with the openssl command line.
    struct PKI {
        var directory: URL
        var key: String
        var certificate: String
        var ca: X509Certificate
        var stranger: X509Certificate
        var revocation: String
        var signerKeyPath: String { directory.appendingPathComponent("signer.key").path }
        var signerCertificatePath: String { directory.appendingPathComponent("signer.pem").path }
    }

    func withPKI(_ body: (PKI) async throws -> Void) async throws {
        try await withTemporaryDirectory { d in
            func openssl(_ arguments: [String]) throws {
                let result = try run("/usr/bin/openssl", arguments, in: d)
                try #require(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.output)")
            }
            try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/C=VN/O=Test CA/CN=Test Root", "-days", "30",
                         "-keyout", "ca.key", "-out", "ca.pem"])
            try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/C=VN/O=Other/CN=Other Root", "-days", "30",
                         "-keyout", "other.key", "-out", "other.pem"])
            try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/C=VN/O=UBND tinh Son La/CN=Van thu", "-keyout", "signer.key",
                         "-out", "signer.csr"])
            try openssl(["x509", "-req", "-in", "signer.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                         "-out", "signer.pem"])
            // A CRL revoking the signer: a minimal `openssl ca` database.
            try Data().write(to: d.appendingPathComponent("index.txt"))
            try Data("01\n".utf8).write(to: d.appendingPathComponent("crlnumber"))
            try Data("""
                [ ca ]
                default_ca = test
                [ test ]
                database = index.txt
                crlnumber = crlnumber
                default_md = sha256
                default_crl_days = 30
                """.utf8).write(to: d.appendingPathComponent("ca.cnf"))
            try openssl(["ca", "-config", "ca.cnf", "-revoke", "signer.pem", "-keyfile", "ca.key", "-cert", "ca.pem"])
            try openssl(["ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.pem", "-out", "revoked.crl"])
            func text(_ name: String) throws -> String { try String(contentsOf: d.appendingPathComponent(name), encoding: .utf8) }
            try await body(PKI(
                directory: d, key: try text("signer.key"), certificate: try text("signer.pem"), ca: try X509Certificate(pem: try text("ca.pem")),
                stranger: try X509Certificate(pem: try text("other.pem")), revocation: try text("revoked.crl")))
        }
    }

    func signedPacket(_ pki: PKI) throws -> Data {
        try EdXMLSignature.sign(try EdXMLWriter().data(for: PacketGenerator.packet(seed: 41)), key: pki.key, certificate: pki.certificate)
    }

    @Test func aCertificateFromATrustedRootCounts() async throws {
        try await withPKI { pki in
            let policy = EdXMLTrustPolicy(trustStore: try TrustStore(roots: [pki.ca]), signingTime: Date())
            #expect(EdXMLSignature.verify(try signedPacket(pki), policy: policy) == .valid(subject: "CN=Van thu,O=UBND tinh Son La,C=VN"))
        }
    }

    @Test func aCertificateFromAnotherRootDoesNotCount() async throws {
        try await withPKI { pki in
            let policy = EdXMLTrustPolicy(trustStore: try TrustStore(roots: [pki.stranger]), signingTime: Date())
            guard case .untrusted(_, let reason) = EdXMLSignature.verify(try signedPacket(pki), policy: policy) else {
                Issue.record("a certificate of an unknown CA was accepted")
                return
            }
            #expect(reason.contains("not trusted"), "\(reason)")
            // Without a policy the mathematics alone still check out: the refusal is the policy's.
            #expect(EdXMLSignature.verify(try signedPacket(pki)) == .valid(subject: "CN=Van thu,O=UBND tinh Son La,C=VN"))
        }
    }

    @Test func validityIsJudgedAtTheSigningTime() async throws {
        try await withPKI { pki in
            let store = try TrustStore(roots: [pki.ca])
            let packet = try signedPacket(pki)
            let later = EdXMLTrustPolicy(trustStore: store, signingTime: Date().addingTimeInterval(10 * 86_400))
            guard case .untrusted(_, let reason) = EdXMLSignature.verify(packet, policy: later) else {
                Issue.record("a packet signed after the certificate expired was accepted")
                return
            }
            #expect(reason.contains("expired"), "\(reason)")
            let before = EdXMLTrustPolicy(trustStore: store, signingTime: Date().addingTimeInterval(-10 * 86_400))
            guard case .untrusted = EdXMLSignature.verify(packet, policy: before) else {
                Issue.record("a packet signed before the certificate was issued was accepted")
                return
            }
        }
    }

    @Test func aRevokedCertificateDoesNotCount() async throws {
        try await withPKI { pki in
            let policy = EdXMLTrustPolicy(trustStore: try TrustStore(roots: [pki.ca], crlPEMs: [pki.revocation]), signingTime: Date())
            guard case .untrusted(_, let reason) = EdXMLSignature.verify(try signedPacket(pki), policy: policy) else {
                Issue.record("a revoked certificate was accepted")
                return
            }
            #expect(reason.contains("revoked"), "\(reason)")
        }
    }

    @Test func sha1IsRefusedEvenWhenTheSignatureMatches() async throws {
        try await withPKI { pki in
            let template = """
                <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>\
                <CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>\
                <SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>\
                <Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms>\
                <DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/><DigestValue/></Reference></SignedInfo>\
                <SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature>
                """
            let unsigned = String(decoding: try EdXMLWriter().data(for: PacketGenerator.packet(seed: 42)), as: UTF8.self)
            let input = pki.directory.appendingPathComponent("sha1-template.xml")
            let output = pki.directory.appendingPathComponent("sha1-signed.xml")
            try Data(unsigned.replacingOccurrences(of: "    </edXML:edXMLHeader>", with: template + "\n    </edXML:edXMLHeader>").utf8).write(to: input)
            let signing = try run(
                "/usr/bin/xmlsec1", ["--sign", "--privkey-pem", "\(pki.signerKeyPath),\(pki.signerCertificatePath)", "--output", output.path, input.path])
            try #require(signing.status == 0, "\(signing.output)")
            let signed = try Data(contentsOf: output)
            #expect(EdXMLSignature.verify(signed) == .valid(subject: "CN=Van thu,O=UBND tinh Son La,C=VN"), "the SHA-1 signature itself matches")
            let policy = EdXMLTrustPolicy(trustStore: try TrustStore(roots: [pki.ca]), signingTime: Date())
            guard case .untrusted(_, let reason) = EdXMLSignature.verify(signed, policy: policy) else {
                Issue.record("a SHA-1 signature counted")
                return
            }
            #expect(reason.contains("SHA-1"), "\(reason)")
        }
    }
}
