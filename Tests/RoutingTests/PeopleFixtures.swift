import Auth
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import ServiceKit
import Storage
import TestSupport

@testable import RoutingService

/// A fresh, migrated routing schema with one agency's people, for the people and the workflow tests.
///
/// Agency `000.00.00.H52` (`ubnd`): head `vietnd.ubnd`, deputy `doanlv.ubnd`, clerk `anhhtn.ubnd`, admin
/// `quantri.ubnd`, and the department "Phòng Tổng hợp" with its head `datdd.ubnd` and specialists `hoal.ubnd` and
/// `paosa.ubnd`; the installation's operator `vanhanh.ubnd` (operator and admin of ubnd, as `Bootstrap` makes it).
/// A second agency `000.00.01.H52` (`stc`) has a head `vietnd.stc`, for cross-agency checks.
/// Every account's password is `PeopleFixtures.password`; `tokens` holds a signed token per account.
struct PeopleFixtures: Sendable {
    static let keys = AuthKeys.generate()
    static let agency = "000.00.00.H52"
    static let agencyShortName = "ubnd"
    static let otherAgency = "000.00.01.H52"
    static let password = "Mật khẩu thử 2026"
    /// Cheap scrypt parameters: the tests hash many passwords; the format and code path are the production ones.
    static let testParameters = PasswordHash.Parameters(n: 1 << 10, r: 8, p: 1)
    static let passwordHash = try! PasswordHash.make(password, parameters: testParameters)

    let schema: String
    let database: PGClient
    let issuer: TokenIssuer
    let verifier: TokenVerifier
    var people: PeopleService
    let departmentId: UUID

    let head = "vietnd.ubnd"
    let deputy = "doanlv.ubnd"
    let clerk = "anhhtn.ubnd"
    let admin = "quantri.ubnd"
    /// Người vận hành: the installation's operator, who alone hosts agencies.
    let `operator` = "vanhanh.ubnd"
    let departmentHead = "datdd.ubnd"
    let specialists = ["hoal.ubnd", "paosa.ubnd"]
    let otherHead = "vietnd.stc"
    private(set) var tokens: [String: String] = [:]

    /// Creates the schema (all routing migrations) and the people above.
    static func make(prefix: String = "ppl", settings: PeopleSettings? = nil) async throws -> PeopleFixtures {
        let schema = TestEnv.uniqueName(prefix)
        let database = PGClient(url: TestEnv.pgURL, maxConnections: 6, logger: TestEnv.logger)
        try await Migrator(schema: schema, migrations: MessagingMigrations.all + RoutingMigrations.all, logger: TestEnv.logger)
            .migrate(on: database)
        var fixtures = try PeopleFixtures(schema: schema, database: database, settings: settings)
        try await fixtures.seed()
        return fixtures
    }

    private init(schema: String, database: PGClient, settings: PeopleSettings?) throws {
        self.schema = schema
        self.database = database
        issuer = try TokenIssuer(privateKeyPEM: Self.keys.privatePEM)
        verifier = try TokenVerifier(publicKeyPEM: Self.keys.publicPEM)
        var settings = settings ?? PeopleSettings()
        settings.passwordParameters = Self.testParameters
        people = PeopleService(database: database, schema: schema, issuer: issuer, settings: settings)
        departmentId = UUID()
    }

    private mutating func seed() async throws {
        let s = schema
        _ = try await database.query("""
            INSERT INTO \(identifier: s).agencies (code, name, short_name) VALUES
                (\(Self.agency), 'Ủy ban nhân dân tỉnh Sơn La', \(Self.agencyShortName)),
                (\(Self.otherAgency), 'Sở Tài chính tỉnh Sơn La', 'stc')
            """)
        _ = try await database.query("""
            INSERT INTO \(identifier: s).departments (id, agency, name) VALUES (\(departmentId), \(Self.agency), 'Phòng Tổng hợp')
            """)
        let people: [(String, String, String, Set<Role>, UUID?)] = [
            (head, Self.agency, "Nguyễn Đức Việt", [.head], nil),
            (deputy, Self.agency, "Lò Văn Đoàn", [.deputy], nil),
            (clerk, Self.agency, "Hoàng Thị Ngọc Ánh", [.clerk], nil),
            (admin, Self.agency, "Quản Trị", [.admin], nil),
            (`operator`, Self.agency, "Vận Hành", [.operator, .admin], nil),
            (departmentHead, Self.agency, "Đặng Đình Đạt", [.departmentHead], departmentId),
            (specialists[0], Self.agency, "Lê Hoa", [.specialist], departmentId),
            (specialists[1], Self.agency, "Sùng A Páo", [.specialist], departmentId),
            (otherHead, Self.otherAgency, "Nguyễn Đức Việt", [.head], nil),
        ]
        for (account, agency, name, roles, department) in people {
            _ = try await database.query("""
                INSERT INTO \(identifier: s).users (account, agency, department_id, full_name, roles, password_hash)
                VALUES (\(account), \(agency), \(department), \(name), \(Role.arrayLiteral(roles))::text[], \(Self.passwordHash))
                """)
            tokens[account] = try await issuer.issue(
                Identity(account: account, agency: agency, roles: roles), ttl: .seconds(3600))
        }
    }

    /// A token as sign-in would give it (roles from the table), optionally acting for a delegator.
    func token(_ account: String, onBehalfOf: String? = nil, extraRoles: Set<Role> = []) async throws -> String {
        guard let user = try await Directory.user(account, schema: schema, on: database) else { throw TestFailure("no user \(account)") }
        return try await issuer.issue(
            Identity(account: account, agency: user.agency, roles: user.roles.union(extraRoles), onBehalfOf: onBehalfOf),
            ttl: .seconds(3600))
    }

    /// The routing HTTP API as the service builds it (authentication, then people routes, then `extra`).
    func application(_ extra: @escaping (Router<QLVBRequestContext>) -> Void = { _ in }) -> some ApplicationProtocol {
        let people = self.people
        let router = makeHTTPRouter(service: "routing", readiness: Readiness(), tokenVerifier: verifier, logger: TestEnv.logger) {
            PeopleWiring.routes(people)($0)
            extra($0)
        }
        return Application(router: router)
    }

    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json<T: Decodable>(_: T.Type = T.self) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: Data(body))
        }
        /// The body as a loose JSON object, for quick field checks.
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        /// A refusal's message (`{"message": {"vi": …, "en": …}}`) in Vietnamese and English.
        var message: (vi: String, en: String) {
            let m = object["message"] as? [String: Any]
            return (m?["vi"] as? String ?? "", m?["en"] as? String ?? "")
        }
    }

    /// Sends one request through the router; `token` is sent as a bearer token, `json` as the body.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil, headers extra: HTTPFields = [:],
        live: Bool = false, extraRoutes: @escaping (Router<QLVBRequestContext>) -> Void = { _ in }
    ) async throws -> Reply {
        var fields = extra
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json != nil { fields[.contentType] = "application/json" }
        let headers = fields
        let body = json.map { ByteBuffer(string: $0) }
        // `.live` goes over a real socket, so the service sees the connection's address (127.0.0.1).
        return try await application(extraRoutes).test(live ? .live : .router) { client in
            try await client.execute(uri: uri, method: method, headers: headers, body: body) { r in
                Reply(status: r.status, headers: r.headers, body: Array(buffer: r.body))
            }
        }
    }

    /// `send` with the token of `account` from the fixture.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, as account: String, json: String? = nil,
        extraRoutes: @escaping (Router<QLVBRequestContext>) -> Void = { _ in }
    ) async throws -> Reply {
        try await send(method, uri, token: tokens[account], json: json, extraRoutes: extraRoutes)
    }

    func cleanUp() async {
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        _ = try? await database.query("DROP SCHEMA IF EXISTS \(identifier: AuditLog.schema(for: schema)) CASCADE")
        await database.shutdown()
    }
}
