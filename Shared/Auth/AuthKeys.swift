import JWTKit

/// Ed25519 key pairs for development and tests; production keys come from the operator.
public enum AuthKeys {
    /// A fresh key pair as PEM: PKCS#8 private key and SubjectPublicKeyInfo public key.
    public static func generate() -> (privatePEM: String, publicPEM: String) {
        do {
            let key = try EdDSA.PrivateKey(curve: .ed25519)
            return (key.pemRepresentation, key.publicKey.pemRepresentation)
        } catch {
            preconditionFailure("Ed25519 key generation cannot fail: \(error)")
        }
    }
}
