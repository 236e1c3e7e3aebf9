import Auth
import Contracts
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Storage
import Testing
import TestSupport

@testable import ServiceKit

/// Revoked tokens are refused: recorded in the service's schema, seen by the copy that recorded them at once and by
/// the other copies when they reload.
@Suite(.serialized) struct AccessRevocationTests {
    @Test func tokensIssuedBeforeARevocationAreRefusedEverywhereAndNewOnesAccepted() async throws {
        let schema = TestEnv.uniqueName("acc")
        let database = PGClient(url: TestEnv.pgURL, maxConnections: 2, logger: TestEnv.logger)
        _ = try await database.query("CREATE SCHEMA \(identifier: schema)")
        try await Migrator(schema: schema, migrations: [AccessMigrations.revocations], logger: TestEnv.logger).migrate(on: database)

        let key = try EdDSA.PrivateKey()
        let issuer = TokenIssuer(privateKey: key)
        let verifier = TokenVerifier(publicKey: key.publicKey)
        let identity = Identity(account: "vietnd.ubnd", agency: "000.00.00.H52", roles: [.specialist])
        let revokedAt = Date()
        let old = try await issuer.issue(identity, ttl: .seconds(3600), now: revokedAt.addingTimeInterval(-600))
        let sameSecond = try await issuer.issue(identity, ttl: .seconds(3600), now: revokedAt)
        let other = try await issuer.issue(Identity(account: "anhhtn.ubnd", agency: "000.00.00.H52", roles: [.specialist]), ttl: .seconds(3600), now: revokedAt.addingTimeInterval(-600))

        let copyA = AccessRevocations(schema: schema), copyB = AccessRevocations(schema: schema)
        try await database.withTransaction { tx in
            try await copyA.record(AccessRevoked(account: identity.account, agency: identity.agency, notBefore: revokedAt, reason: "left"), in: tx)
            // An older revocation arriving late does not move the limit back.
            try await copyA.record(AccessRevoked(account: identity.account, agency: identity.agency, notBefore: revokedAt.addingTimeInterval(-3600), reason: "password_reset"), in: tx)
        }
        let fresh = try await issuer.issue(identity, ttl: .seconds(3600), now: revokedAt.addingTimeInterval(2))

        func status(_ token: String, _ revocations: AccessRevocations) async throws -> (HTTPResponse.Status, String) {
            let router = makeHTTPRouter(service: "test", readiness: Readiness(), tokenVerifier: verifier, revocations: revocations, logger: Logger(label: "t")) {
                $0.get("me") { _, context in context.identity?.account ?? "-" }
            }
            return try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { ($0.status, String(buffer: $0.body)) }
            }
        }
        #expect(try await status(old, copyA).0 == .unauthorized)
        #expect(try await status(old, copyA).1.contains("token_revoked"))
        #expect(try await status(sameSecond, copyA).0 == .unauthorized, "iat has whole seconds: the revocation's own second counts as before")
        #expect(try await status(fresh, copyA) == (.ok, "vietnd.ubnd"))
        #expect(try await status(other, copyA) == (.ok, "anhhtn.ubnd"), "another account is untouched")

        #expect(try await status(old, copyB).0 == .ok, "the other copy has not reloaded yet")
        try await copyB.reload(from: database)
        #expect(try await status(old, copyB).0 == .unauthorized)
        #expect(try await status(fresh, copyB).0 == .ok)
        let reason = try await database.query("SELECT reason FROM \(identifier: schema).access_revocations").rows.first?.decode(String.self, "reason")
        #expect(reason == "left")

        _ = try await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        await database.shutdown()
    }
}
