import Foundation
import PDFSign
import Testing
import TestSupport

/// A leader's key on a token. SoftHSM (a software PKCS#11 token, Debian softhsm2) stands in for the USB token;
/// OpenSSL reaches it through the pkcs11 engine (libengine-pkcs11-openssl), as it would a VNPT-CA or Viettel-CA token.
@Suite(.serialized) struct PKCS11Tests {
    static let module = SoftToken.module
    static let pin = SoftToken.pin

    let pki = TestPKI.shared

    func certificates(_ name: String) throws -> [Certificate] {
        try Certificate.fromPEM(String(contentsOfFile: pki.dir + "/\(name).pem", encoding: .utf8))
    }

    @Test(.enabled(if: SoftToken.available))
    func aTokenKeySignsWhatEveryValidatorAccepts() async throws {
        let uri = try SoftToken.shared.importKey(pki.dir + "/leader.key", label: "pdfsign-leader")
        let dir = Tools.tempDir("pkcs11")
        let leader = try #require(try certificates("leader").first)

        // A wrong PIN, or a certificate that is not the token key's, is refused with a reason.
        var refusal = ""
        #expect(throws: PDFSignError.self) {
            do { _ = try PKCS11SignatureKey(module: Self.module, uri: SoftToken.untouchedKey, pin: "000000", certificate: leader) } catch {
                refusal = "\(error)"
                throw error
            }
        }
        #expect(refusal.contains("wrong PIN") && !refusal.contains("object not found"), "\(refusal)")
        let agency = try #require(try certificates("agency").first)
        #expect { try PKCS11SignatureKey(module: Self.module, uri: uri, pin: Self.pin, certificate: agency) } throws: {
            "\($0)".contains("is not the certificate of the token key")
        }

        let key = try PKCS11SignatureKey(module: Self.module, uri: uri, pin: Self.pin, certificate: leader, chain: certificates("inter"))
        // RSA PKCS#1 v1.5 is deterministic: the token signs exactly as the key file does.
        let attributes = Array("signed attributes".utf8)
        #expect(try key.sign(signedAttributes: attributes) == pki.leaderKey().sign(signedAttributes: attributes))

        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        let signed = dir + "/token-signed.pdf"
        try await PDFSigner.signFile(input: input, output: signed, key: key, options: SignatureOptions(fieldName: "LanhDao"))
        try Verifiers.allAccept(signed, signatures: 1, pki: pki)
    }
}
