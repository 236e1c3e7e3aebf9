import Foundation
import JWTKit

/// Verifies identity tokens with the issuer's Ed25519 public key; every service holds one.
public struct TokenVerifier: Sendable {
    public let issuer: String
    /// Tolerated clock difference between the issuing and the verifying machine.
    public let clockSkew: Duration
    /// The service this verifier answers for: a token whose `aud` does not name it is refused. Nil checks no audience
    /// (tools and tests that verify tokens for no particular service).
    public private(set) var audience: String?
    private let keys: LoadedKeys

    public init(publicKey: EdDSA.PublicKey, issuer: String = "qlvb", clockSkew: Duration = .seconds(30), audience: String? = nil) {
        self.issuer = issuer
        self.clockSkew = clockSkew
        self.audience = audience
        self.keys = LoadedKeys { await $0.add(eddsa: publicKey) }
    }

    /// - Parameter publicKeyPEM: SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
    /// - Throws: `AuthError.malformed` when the PEM is not an Ed25519 public key.
    public init(publicKeyPEM: String, issuer: String = "qlvb", clockSkew: Duration = .seconds(30), audience: String? = nil) throws(AuthError) {
        guard let key = try? EdDSA.PublicKey(pem: publicKeyPEM) else {
            throw .malformed(reason: "public key is not an Ed25519 key in PEM form")
        }
        self.init(publicKey: key, issuer: issuer, clockSkew: clockSkew, audience: audience)
    }

    /// The same key and rules, answering for `service`.
    public func forAudience(_ service: String) -> TokenVerifier {
        var copy = self
        copy.audience = service
        return copy
    }

    /// Returns the identity in `token` once its signature, issuer and expiry check out.
    /// - Throws: `AuthError` `.missing`, `.malformed`, `.badSignature` or `.expired`.
    public func verify(_ token: String, now: Date = Date()) async throws(AuthError) -> Identity {
        try await verifyWithIssueTime(token, now: now).identity
    }

    /// `verify`, with the time the token was issued (`iat`), which revocations compare with.
    public func verifyWithIssueTime(_ token: String, now: Date = Date()) async throws(AuthError) -> (identity: Identity, issuedAt: Date) {
        guard !token.isEmpty else { throw .missing }
        let claims: TokenClaims
        do {
            claims = try await keys.collection().verify(token, as: TokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch let error as JWTError {
            throw .malformed(reason: error.reason ?? "\(error.errorType)")
        } catch {
            throw .malformed(reason: "payload is not a QLVB identity")
        }
        guard claims.iss.value == issuer else {
            throw .malformed(reason: "issuer '\(claims.iss.value)' is not '\(issuer)'")
        }
        guard now < claims.exp.value.addingTimeInterval(clockSkew.timeInterval) else {
            throw .expired
        }
        if let audience, !claims.aud.value.contains(audience) {
            throw .wrongAudience(service: audience)
        }
        return (claims.identity, claims.iat.value)
    }
}
