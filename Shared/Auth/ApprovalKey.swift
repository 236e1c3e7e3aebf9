import Crypto
import Foundation

/// Signs and checks routing's approvals for signing (`SigningApproval.signedText`) with the Ed25519 key pair that
/// signs and verifies tokens: routing holds the private key, every service the public one.
///
/// One key, two uses, kept apart by what is signed: an approval's signature covers `label` + a newline + the text,
/// while a token's covers `base64url(header).base64url(payload)`, which never holds a newline. So an approval
/// can never pass for a token, nor a token for an approval. Whoever holds the key can already sign a head's token and
/// approve in the head's name, so a second key would add configuration without adding protection.
public enum ApprovalKey {
    static let label = "qlvb-signing-approval-v1"

    static func message(_ text: String) -> Data { Data((label + "\n" + text).utf8) }

    /// Routing's side: the private key (PKCS#8 PEM) that signs tokens.
    public struct Signer: Sendable {
        let key: Curve25519.Signing.PrivateKey

        public init(privateKeyPEM: String) throws(AuthError) {
            guard let key = try? Curve25519.Signing.PrivateKey(pemRepresentation: privateKeyPEM) else {
                throw .malformed(reason: "private key is not an Ed25519 key in PEM form")
            }
            self.key = key
        }

        /// The base64 signature of `text`.
        public func sign(_ text: String) throws -> String {
            try key.signature(for: ApprovalKey.message(text)).base64EncodedString()
        }
    }

    /// The signing service's side: the public key (SubjectPublicKeyInfo PEM) that verifies tokens.
    public struct Verifier: Sendable {
        let key: Curve25519.Signing.PublicKey

        public init(publicKeyPEM: String) throws(AuthError) {
            guard let key = try? Curve25519.Signing.PublicKey(pemRepresentation: publicKeyPEM) else {
                throw .malformed(reason: "public key is not an Ed25519 key in PEM form")
            }
            self.key = key
        }

        /// Whether `signature` (base64) is routing's over `text`.
        public func verify(_ text: String, signature: String) -> Bool {
            guard let bytes = Data(base64Encoded: signature) else { return false }
            return key.isValidSignature(bytes, for: ApprovalKey.message(text))
        }
    }
}
