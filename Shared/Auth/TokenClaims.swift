import JWTKit

/// The JWT payload: registered claims plus our identity fields, short names to keep headers small.
struct TokenClaims: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    /// The services the token is for (`Audience`); each service refuses a token that does not name it.
    var aud: AudienceClaim
    var agency: String
    var roles: [String]
    var obo: String?

    /// Signature is checked by JWTKit; expiry and issuer by `TokenVerifier`, which owns the clock.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// Unknown role names (from a newer issuer) are dropped: they can only lower privileges.
    var identity: Identity {
        Identity(account: sub.value, agency: agency, roles: Set(roles.compactMap(Role.init(rawValue:))), onBehalfOf: obo)
    }
}
