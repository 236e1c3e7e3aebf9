import Auth
import Foundation
import Testing

struct TokenTests {
    static let keys = AuthKeys.generate()
    static let clerk = Identity(account: "vietnd.ubnd", agency: "000.00.00.H53", roles: [.clerk, .specialist], onBehalfOf: "hungpv.ubnd")

    let issuer: TokenIssuer
    let verifier: TokenVerifier

    init() throws {
        issuer = try TokenIssuer(privateKeyPEM: Self.keys.privatePEM)
        verifier = try TokenVerifier(publicKeyPEM: Self.keys.publicPEM)
    }

    @Test func issuedTokenVerifiesToTheSameIdentity() async throws {
        let token = try await issuer.issue(Self.clerk, ttl: .seconds(600))

        #expect(try await verifier.verify(token) == Self.clerk)
    }

    @Test func expiredTokenIsRejectedAsExpired() async throws {
        let token = try await issuer.issue(Self.clerk, ttl: .seconds(60), now: Date().addingTimeInterval(-3600))

        await #expect(throws: AuthError.expired) { try await verifier.verify(token) }
    }

    @Test func tokenExpiredWithinClockSkewIsAccepted() async throws {
        let token = try await issuer.issue(Self.clerk, ttl: .seconds(60), now: Date().addingTimeInterval(-70))

        #expect(try await verifier.verify(token) == Self.clerk)
    }

    @Test func tokenSignedByAnotherKeyIsRejectedAsBadSignature() async throws {
        let forger = try TokenIssuer(privateKeyPEM: AuthKeys.generate().privatePEM)
        let token = try await forger.issue(Self.clerk, ttl: .seconds(600))

        await #expect(throws: AuthError.badSignature) { try await verifier.verify(token) }
    }

    @Test func tamperedPayloadIsRejectedAsBadSignature() async throws {
        let token = try await issuer.issue(Self.clerk, ttl: .seconds(600))
        let tampered = try TokenSurgery.replacePayload(of: token) { claims in
            claims["roles"] = ["admin", "head"]
        }

        await #expect(throws: AuthError.badSignature) { try await verifier.verify(tampered) }
    }

    @Test func unsignedTokenIsRejected() async throws {
        let token = try await issuer.issue(Self.clerk, ttl: .seconds(600))
        let unsigned = try TokenSurgery.replaceHeader(of: token, with: ["alg": "none", "typ": "JWT"], dropSignature: true)

        await #expect(throws: AuthError.self) { try await verifier.verify(unsigned) }
    }

    @Test(arguments: ["abc", "a.b.c", "eyJhbGciOiJFZERTQSJ9..", "..."])
    func garbageIsRejectedAsMalformedOrForged(_ token: String) async throws {
        await #expect {
            try await verifier.verify(token)
        } throws: { error in
            guard let error = error as? AuthError else { return false }
            return error.isUnauthenticated && error != .expired && error != .missing
        }
    }

    @Test func emptyTokenIsMissing() async throws {
        await #expect(throws: AuthError.missing) { try await verifier.verify("") }
    }

    @Test func publicKeyThatIsNotPEMIsRefused() {
        #expect(throws: AuthError.self) { try TokenVerifier(publicKeyPEM: "not a key") }
    }
}

struct AuthorizationTests {
    let identity = Identity(account: "lanpt.sonla", agency: "000.00.00.H53", roles: [.departmentHead])

    @Test func holdingOneOfTheRolesIsEnough() throws {
        try identity.authorize(roles: [.head, .departmentHead], agency: "000.00.00.H53")
    }

    @Test func missingRoleIsForbidden() {
        #expect(throws: AuthError.forbiddenRole(required: [.clerk])) { try identity.authorize(roles: [.clerk]) }
    }

    @Test func otherAgencyIsForbidden() {
        #expect(throws: AuthError.otherAgency("000.00.00.H40")) {
            try identity.authorize(roles: [], agency: "000.00.00.H40")
        }
    }

    @Test(arguments: [AuthError.missing, .malformed(reason: "x"), .expired, .badSignature])
    func authenticationFailuresAreUnauthenticated(_ error: AuthError) {
        #expect(error.isUnauthenticated)
    }

    @Test func expiredMessageNamesExpiryInBothLanguages() {
        #expect(AuthError.expired.message == "Token đã hết hạn / token expired")
    }
}
