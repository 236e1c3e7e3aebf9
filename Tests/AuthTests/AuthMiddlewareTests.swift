import Auth
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import Testing

/// The HTTP face of authentication: which status and message each kind of bad token gets.
struct AuthMiddlewareTests {
    static let keys = AuthKeys.generate()
    static let agency = "000.00.00.H53"
    static let clerk = Identity(account: "vietnd.ubnd", agency: agency, roles: [.clerk])

    let issuer: TokenIssuer

    init() throws {
        issuer = try TokenIssuer(privateKeyPEM: Self.keys.privatePEM)
    }

    /// `GET /agencies/:agency/registers` for clerks, answering with the caller's account.
    func makeApp() throws -> some ApplicationProtocol {
        let config = try ServiceConfig.load(service: "routing", environment: [
            "QLVB_AMQP_URL": "amqp://qlvb:qlvb@127.0.0.1:5672/%2F",
            "QLVB_ROUTING_PG_URL": "postgresql://qlvb_routing:qlvb@127.0.0.1:55432/qlvb",
            "QLVB_HTTP_PORT": "8081",
            "QLVB_BLOB_ROOT": "/tmp/qlvb-blobs",
        ])
        return makeHTTPApplication(
            config: config, readiness: Readiness(), tokenVerifier: try TokenVerifier(publicKeyPEM: Self.keys.publicPEM, audience: "routing"),
            logger: Logger(label: "test")
        ) { router in
            router.group("agencies/:agency/registers").add(middleware: RequireRoles([.clerk]))
                .get { _, context in try context.requireIdentity().account }
            router.get("public") { _, context in context.identity?.account ?? "anonymous" }
        }
    }

    func get(_ uri: String, token: String?) async throws -> (status: HTTPResponse.Status, body: String) {
        let headers: HTTPFields = token.map { [.authorization: "Bearer \($0)"] } ?? [:]
        return try await makeApp().test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
        }
    }

    func errorCode(_ body: String) throws -> String? {
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return json?["code"] as? String
    }

    /// The error body's message in both languages (`ErrorBody`).
    func errorMessage(_ body: String) throws -> (vi: String?, en: String?) {
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let message = json?["message"] as? [String: String]
        return (message?["vi"], message?["en"])
    }

    @Test func validTokenReachesTheHandlerWithItsIdentity() async throws {
        let token = try await issuer.issue(Self.clerk, ttl: .seconds(600))

        let response = try await get("/agencies/\(Self.agency)/registers", token: token)

        #expect(response.status == .ok)
        #expect(response.body == "vietnd.ubnd")
    }

    @Test func missingTokenIsUnauthorized() async throws {
        let response = try await get("/agencies/\(Self.agency)/registers", token: nil)

        #expect(response.status == .unauthorized)
        #expect(try errorCode(response.body) == "token_missing")
    }

    @Test func expiredTokenIsUnauthorizedNamingExpiry() async throws {
        let token = try await issuer.issue(Self.clerk, ttl: .seconds(60), now: Date().addingTimeInterval(-3600))

        let response = try await get("/agencies/\(Self.agency)/registers", token: token)

        #expect(response.status == .unauthorized)
        #expect(try errorCode(response.body) == "token_expired")
        let message = try errorMessage(response.body)
        #expect(message.vi == "Token đã hết hạn")
        #expect(message.en == "token expired")
    }

    @Test func tokenForgedWithAnotherKeyIsUnauthorized() async throws {
        let forger = try TokenIssuer(privateKeyPEM: AuthKeys.generate().privatePEM)
        let token = try await forger.issue(Self.clerk, ttl: .seconds(600))

        let response = try await get("/agencies/\(Self.agency)/registers", token: token)

        #expect(response.status == .unauthorized)
        #expect(try errorCode(response.body) == "token_bad_signature")
    }

    @Test func tamperedPayloadIsUnauthorized() async throws {
        let token = try await issuer.issue(Self.clerk, ttl: .seconds(600))
        let tampered = try TokenSurgery.replacePayload(of: token) { $0["agency"] = "000.00.00.H40" }

        let response = try await get("/agencies/000.00.00.H40/registers", token: tampered)

        #expect(response.status == .unauthorized)
        #expect(try errorCode(response.body) == "token_bad_signature")
    }

    @Test func missingRoleIsForbidden() async throws {
        let specialist = Identity(account: "lanpt.ubnd", agency: Self.agency, roles: [.specialist])
        let token = try await issuer.issue(specialist, ttl: .seconds(600))

        let response = try await get("/agencies/\(Self.agency)/registers", token: token)

        #expect(response.status == .forbidden)
        #expect(try errorCode(response.body) == "forbidden_role")
    }

    @Test func otherAgencyIsForbidden() async throws {
        let token = try await issuer.issue(Self.clerk, ttl: .seconds(600))

        let response = try await get("/agencies/000.00.00.H40/registers", token: token)

        #expect(response.status == .forbidden)
        #expect(try errorCode(response.body) == "other_agency")
    }

    @Test func tokenForAnotherServiceIsRefused() async throws {
        // A token issued for numbering alone, played against routing (this app answers as routing).
        let token = try await issuer.issue(Self.clerk, audience: ["numbering"], ttl: .seconds(600))

        let response = try await get("/agencies/\(Self.agency)/registers", token: token)

        #expect(response.status == .unauthorized)
        #expect(try errorCode(response.body) == "token_wrong_audience")
        let message = try errorMessage(response.body)
        #expect(message.vi == "Token không dùng được cho dịch vụ routing")
        #expect(message.en == "the token is not for the routing service")
    }

    @Test func aSignInTokenCarriesTheServicesItsRolesNeed() async throws {
        let clerkToken = try await issuer.issue(Self.clerk, ttl: .seconds(600))
        let admin = try await issuer.issue(Identity(account: "quantri.qtht", agency: Self.agency, roles: [.admin]), ttl: .seconds(600))
        let verifier = try TokenVerifier(publicKeyPEM: Self.keys.publicPEM)
        // A clerk's token reaches routing, numbering, dispatch (tình trạng gửi), archive (dossiers) and notifications
        // (their own notices), not signing's or intake's admin API.
        for service in ["routing", "numbering", "dispatch", "archive", "notifications"] { _ = try await verifier.forAudience(service).verify(clerkToken) }
        for service in ["signing", "intake"] {
            await #expect(throws: AuthError.wrongAudience(service: service)) { try await verifier.forAudience(service).verify(clerkToken) }
        }
        // An administrator's reaches every service's dead-letter admin API.
        for service in Audience.services { _ = try await verifier.forAudience(service).verify(admin) }
        // The route is reached with the default audience.
        #expect(try await get("/agencies/\(Self.agency)/registers", token: clerkToken).status == .ok)
    }

    @Test func publicRouteWorksWithoutToken() async throws {
        let response = try await get("/public", token: nil)

        #expect(response.status == .ok)
        #expect(response.body == "anonymous")
    }

    @Test func nonBearerAuthorizationIsUnauthorized() async throws {
        let response = try await makeApp().test(.router) { client in
            try await client.execute(uri: "/public", method: .get, headers: [.authorization: "Basic dmlldDpwdw=="]) { $0.status }
        }

        #expect(response == .unauthorized)
    }
}
