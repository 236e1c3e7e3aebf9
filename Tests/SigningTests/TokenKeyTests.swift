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

    /// `signing sign --pkcs11 FILE` signs with the token, as a leader would from the command line.
    @Test(.enabled(if: SoftToken.available && FileManager.default.isExecutableFile(atPath: SigningCLITests.exe)))
    func theCommandLineSignsWithAToken() async throws {
        let dir = Shell.tempDir("token-cli")
        let uri = try SoftToken.shared.importKey(pki.dir + "/\(SigningPKI.leader).key", label: "cli-leader")
        try FileManager.default.copyItem(atPath: pki.dir + "/\(SigningPKI.leader).pem", toPath: dir + "/leader.pem")
        try "module = \(SoftToken.module)\nkey = \(uri)\ncertificate = leader.pem\n"
            .write(toFile: dir + "/leader.pkcs11", atomically: true, encoding: .utf8)
        ProcessEnvironment.set("QLVB_TEST_TOKEN_PIN", SoftToken.pin)
        try Data(SamplePDF.make(size: 30_000, pages: 1)).write(to: URL(fileURLWithPath: dir + "/in.pdf"))
        let cli = SigningCLITests()
        let signed = try await cli.run([
            "sign", "--pkcs11", dir + "/leader.pkcs11", "--password-env", "QLVB_TEST_TOKEN_PIN", "--in", dir + "/in.pdf",
            "--out", dir + "/out.pdf", "--field", "LeaderSig",
        ])
        #expect(signed.code == 0, "\(signed.output)")
        let verified = try await cli.run(["verify", "--trust", pki.rootPEM, dir + "/out.pdf"])
        #expect(verified.code == 0 && verified.output.contains("LeaderSig: VALID"), "\(verified.output)")
        let both = try await cli.run([
            "sign", "--pkcs11", dir + "/leader.pkcs11", "--pkcs12", pki.keyDir + "/\(SigningPKI.leader).p12", "--password-env",
            "QLVB_TEST_TOKEN_PIN", "--in", dir + "/in.pdf", "--out", dir + "/x.pdf",
        ])
        #expect(both.code == 64, "a usage error: give exactly one of --pkcs12 and --pkcs11")
    }
}
