import EdXML
import Foundation
import Testing

/// Signatures checked both ways against xmlsec1: ours verified by xmlsec1, xmlsec1's verified by ours.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/xmlsec1") && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct SignatureTests {
    /// A throwaway RSA-2048 key and self-signed certificate in a temporary directory (never committed).
    struct TestKey {
        var directory: URL
        var key: String
        var certificate: String
        var keyPath: String { directory.appendingPathComponent("key.pem").path }
        var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    }

    func withTestKey(_ body: (TestKey) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let made = try run(
                "/usr/bin/openssl",
                ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/C=VN/O=UBND tinh Son La/CN=Van thu", "-days", "2",
                 "-keyout", "key.pem", "-out", "cert.pem"], in: directory)
            try #require(made.status == 0, "\(made.output)")
            let key = try String(contentsOf: directory.appendingPathComponent("key.pem"), encoding: .utf8)
            let certificate = try String(contentsOf: directory.appendingPathComponent("cert.pem"), encoding: .utf8)
            try await body(TestKey(directory: directory, key: key, certificate: certificate))
        }
    }

    func packet(seed: UInt64 = 11) throws -> Data {
        var packet = PacketGenerator.packet(seed: seed)
        packet.header.subject = "V/v kết nối liên thông văn bản & báo cáo <quý I>"
        packet.attachments = [EdXMLAttachment(info: EdXMLAttachmentInfo(contentId: "1", attachmentName: "a.pdf", zipped: true), content: Data(repeating: 7, count: 5000))]
        packet.references = [EdXMLReference(contentId: "1", contentType: "application/zip", attachmentName: "a.pdf")]
        return try EdXMLWriter().data(for: packet)
    }

    func xmlsecVerify(_ data: Data, key: TestKey) throws -> Int32 {
        let file = key.directory.appendingPathComponent("verify-\(UUID().uuidString).xml")
        try data.write(to: file)
        return try run("/usr/bin/xmlsec1", ["--verify", "--trusted-pem", key.certificatePath, file.path]).status
    }

    func tampered(_ data: Data) -> Data {
        Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<edXML:Subject>V/v", with: "<edXML:Subject>X/v").utf8)
    }

    @Test func ourSignatureIsAcceptedByXmlsec1AndByUs() async throws {
        try await withTestKey { key in
            let signed = try EdXMLSignature.sign(packet(), key: key.key, certificate: key.certificate)

            #expect(try xmlsecVerify(signed, key: key) == 0)
            guard case .valid(let subject) = EdXMLSignature.verify(signed) else {
                Issue.record("not valid: \(EdXMLSignature.verify(signed))")
                return
            }
            #expect(subject.contains("CN=Van thu"))
            let parsed = try EdXMLParser().parsePacket(signed)
            #expect(parsed.signature?.isW3CNamespace == true)
            #expect(parsed.signature?.signatureMethod == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
            #expect(parsed.attachments.first?.content == Data(repeating: 7, count: 5000))
        }
    }

    @Test func changingTheSubjectBreaksOurSignatureForBoth() async throws {
        try await withTestKey { key in
            let signed = try EdXMLSignature.sign(packet(), key: key.key, certificate: key.certificate)
            let changed = tampered(signed)
            #expect(changed != signed)

            #expect(try xmlsecVerify(changed, key: key) != 0)
            guard case .invalid(let reason) = EdXMLSignature.verify(changed) else {
                Issue.record("tampered packet not refused")
                return
            }
            #expect(reason.contains("digest"))
        }
    }

    static let xmlsecAlgorithms: [(c14n: String, signature: String, digest: String)] = [
        ("http://www.w3.org/2001/10/xml-exc-c14n#", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2001/04/xmlenc#sha256"),
        ("http://www.w3.org/TR/2001/REC-xml-c14n-20010315", "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "http://www.w3.org/2000/09/xmldsig#sha1"),
        ("http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#sha1"),
    ]

    @Test("xmlsec1's signature is accepted by us, and refused once tampered", arguments: 0..<3)
    func xmlsecSignatureIsAcceptedByUs(index: Int) async throws {
        let algorithms = Self.xmlsecAlgorithms[index]
        try await withTestKey { key in
            let exclusive = algorithms.c14n.contains("exc")
            let template = """
                <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>\
                <CanonicalizationMethod Algorithm="\(algorithms.c14n)"/><SignatureMethod Algorithm="\(algorithms.signature)"/>\
                <Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>\
                \(exclusive ? "<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>" : "")</Transforms>\
                <DigestMethod Algorithm="\(algorithms.digest)"/><DigestValue/></Reference></SignedInfo>\
                <SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature>
                """
            let unsigned = String(decoding: try packet(seed: UInt64(20 + index)), as: UTF8.self)
            let withTemplate = unsigned.replacingOccurrences(of: "    </edXML:edXMLHeader>", with: template + "\n    </edXML:edXMLHeader>")
            let input = key.directory.appendingPathComponent("template.xml")
            let output = key.directory.appendingPathComponent("signed.xml")
            try Data(withTemplate.utf8).write(to: input)
            let signing = try run("/usr/bin/xmlsec1", ["--sign", "--privkey-pem", "\(key.keyPath),\(key.certificatePath)", "--output", output.path, input.path])
            try #require(signing.status == 0, "\(signing.output)")
            let signed = try Data(contentsOf: output)

            #expect(EdXMLSignature.verify(signed) == .valid(subject: "CN=Van thu,O=UBND tinh Son La,C=VN"))
            let changed = tampered(signed)
            #expect(try xmlsecVerify(changed, key: key) != 0)
            guard case .invalid = EdXMLSignature.verify(changed) else {
                Issue.record("tampered packet not refused")
                return
            }
        }
    }

    @Test("The samples' placeholder signatures are reported invalid, not crashed on", arguments: ["edoc_new.edxml", "edoc_update.edxml", "edoc_revocation.edxml", "edoc_replacement.edxml"])
    func sampleSignatureIsInvalid(file: String) throws {
        let data = try Fixtures.sample(file)
        guard case .invalid(let reason) = EdXMLSignature.verify(data) else {
            Issue.record("expected invalid")
            return
        }
        #expect(!reason.isEmpty)
        #expect(try EdXMLParser().parsePacket(data).signature != nil)
    }

    @Test func unsignedPacketIsReportedUnsigned() throws {
        #expect(EdXMLSignature.verify(try packet()) == .unsigned)
        #expect(EdXMLSignature.verify(try Fixtures.sample("status_inbox_01.edxml")) == .unsigned)
    }

    @Test func packetWithDoctypeIsNotVerified() {
        guard case .invalid(let reason) = EdXMLSignature.verify(Data(BadPacketTests.xxe.utf8)) else {
            Issue.record("expected invalid")
            return
        }
        #expect(reason.contains("DOCTYPE"))
    }

    @Test func keyOfAnotherCertificateIsRefused() async throws {
        try await withTestKey { first in
            try await withTestKey { second in
                #expect(throws: EdXMLError.self) {
                    try EdXMLSignature.sign(packet(), key: first.key, certificate: second.certificate)
                }
            }
        }
    }
}
