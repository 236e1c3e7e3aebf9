import Foundation
import JWTKit

/// Signs identity tokens with an Ed25519 private key; only the routing service holds it.
public struct TokenIssuer: Sendable {
    public let issuer: String
    private let keys: LoadedKeys

    public init(privateKey: EdDSA.PrivateKey, issuer: String = "qlvb") {
        self.issuer = issuer
        self.keys = LoadedKeys { await $0.add(eddsa: privateKey) }
    }

    /// - Parameter privateKeyPEM: PKCS#8 PEM, as written by `AuthKeys.generate()` or `openssl genpkey -algorithm ed25519`.
    /// - Throws: `AuthError.malformed` when the PEM is not an Ed25519 private key.
    public init(privateKeyPEM: String, issuer: String = "qlvb") throws(AuthError) {
        guard let key = try? EdDSA.PrivateKey(pem: privateKeyPEM) else {
            throw .malformed(reason: "private key is not an Ed25519 key in PEM form")
        }
        self.init(privateKey: key, issuer: issuer)
    }

    /// Issues a token for `identity`, valid for `ttl` from `now`, for the services in `audience` (by default those
    /// the identity's roles need, `Audience.services(for:)`).
    public func issue(_ identity: Identity, audience: [String]? = nil, ttl: Duration, now: Date = Date()) async throws -> String {
        let claims = TokenClaims(
            iss: IssuerClaim(value: issuer),
            sub: SubjectClaim(value: identity.account),
            iat: IssuedAtClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(ttl.timeInterval)),
            aud: AudienceClaim(value: audience ?? Audience.services(for: identity.roles)),
            agency: identity.agency,
            roles: identity.roles.map(\.rawValue).sorted(),
            obo: identity.onBehalfOf)
        return try await keys.collection().sign(claims)
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
