import Crypto
import Foundation

/// Routing's audit key (khóa ký mốc nhật ký): an Ed25519 key in PEM, as `openssl genpkey -algorithm ed25519` or
/// `qlvbctl keys` write it. Only the fixed DER shapes of Ed25519 are accepted: PKCS#8 for the private key,
/// SubjectPublicKeyInfo for the public one.
enum AuditKey {
    private static let privatePrefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    private static let publicPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    static func privateKey(pem: String) -> Curve25519.Signing.PrivateKey? {
        guard let der = der(pem, label: "PRIVATE KEY"), der.count == privatePrefix.count + 32, der.starts(with: privatePrefix) else { return nil }
        return try? Curve25519.Signing.PrivateKey(rawRepresentation: Array(der.suffix(32)))
    }

    static func publicKey(pem: String) -> Curve25519.Signing.PublicKey? {
        guard let der = der(pem, label: "PUBLIC KEY"), der.count == publicPrefix.count + 32, der.starts(with: publicPrefix) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: Array(der.suffix(32)))
    }

    private static func der(_ pem: String, label: String) -> [UInt8]? {
        let lines = pem.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN \(label)-----"),
              let end = lines.firstIndex(of: "-----END \(label)-----"), begin < end,
              let data = Data(base64Encoded: lines[(begin + 1)..<end].joined())
        else { return nil }
        return Array(data)
    }

    /// PKCS#8 PEM of `key`, the form `privateKey(pem:)` reads (`qlvbctl keys` and openssl write the same).
    static func pem(_ key: Curve25519.Signing.PrivateKey) -> String {
        pem(privatePrefix + Array(key.rawRepresentation), label: "PRIVATE KEY")
    }

    /// SubjectPublicKeyInfo PEM of `key`: what an auditor needs to verify (`QLVB_ROUTING_AUDIT_PUBLIC_KEY_FILE`).
    static func pem(_ key: Curve25519.Signing.PublicKey) -> String {
        pem(publicPrefix + Array(key.rawRepresentation), label: "PUBLIC KEY")
    }

    private static func pem(_ der: [UInt8], label: String) -> String {
        "-----BEGIN \(label)-----\n\(Data(der).base64EncodedString())\n-----END \(label)-----\n"
    }
}
