import Foundation
import PDFSign
import Testing
import TestSupport

@testable import SigningService

/// A signer whose key is on a token: `<name>.pkcs11` in the key directory, the PIN as its password. SoftHSM stands
/// in for the USB token.
@Suite(.serialized) struct TokenKeyTests {
    let pki = SigningPKI.shared

    @Test(.enabled(if: SoftToken.available))
    func aSignerWithATokenIsFoundByTheKeyStore() throws {
        let dir = Shell.tempDir("token-keys")
        let uri = try SoftToken.shared.importKey(pki.dir + "/\(SigningPKI.leader).key", label: "signing-leader")
        try FileManager.default.copyItem(atPath: pki.dir + "/\(SigningPKI.leader).pem", toPath: dir + "/leader-cert.pem")
        try """
            # Lãnh đạo ký bằng thiết bị ký số (USB token)
            module      = \(SoftToken.module)
            key         = \(uri)
            certificate = leader-cert.pem
            """.write(toFile: dir + "/token.leader.pkcs11", atomically: true, encoding: .utf8)
        try "key = pkcs11:token=lanhdao\n".write(toFile: dir + "/broken.pkcs11", atomically: true, encoding: .utf8)
        try "token.leader=\(SoftToken.pin)\nbroken=\(SoftToken.pin)\n".write(toFile: dir + "/pins", atomically: true, encoding: .utf8)

        let settings = try SigningSettings.load(["QLVB_SIGNING_KEY_DIR": dir, "QLVB_SIGNING_PASSWORD_FILE": dir + "/pins"])
        let keys = KeyStore(settings: settings)
        let (key, commonName) = try keys.key(for: "token.leader")
        #expect(key is PKCS11SignatureKey)
        #expect(commonName == "Nguyễn Văn Ánh")
        let attributes = Array("thuộc tính đã ký".utf8)
        let fileKey = try PKCS12SignatureKey(path: pki.keyDir + "/\(SigningPKI.leader).p12", password: SigningPKI.password)
        #expect(try key.sign(signedAttributes: attributes) == fileKey.sign(signedAttributes: attributes), "the token holds the leader's key")

        #expect { try keys.key(for: "broken") } throws: { ($0 as? SigningFailure)?.code == "key-not-found" && "\($0)".contains("module") }
    }
}
