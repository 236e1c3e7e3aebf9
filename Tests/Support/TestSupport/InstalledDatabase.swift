import Foundation
import Storage

/// A database of its own, set up by the installation step (infra/postgres/install.sql) as an administrator would:
/// one role per service (names prefixed uniquely, roles being cluster-wide), the audit log owned by a role without
/// login. The administrator is the tests' role (`QLVB_TEST_PG_URL`: owner of what it creates, CREATEDB and
/// CREATEROLE, as scripts/dev-up makes it).
public struct InstalledDatabase: Sendable {
    public static let services = ["intake", "routing", "signing", "numbering", "dispatch", "archive", "notifications"]
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("infra/postgres/install.sql")

    public let name: String
    public let prefix: String
    public let passwords: [String: String]
    /// The administrator, connected to this database.
    public let admin: PGClient

    public static func make() async throws -> InstalledDatabase {
        let name = TestEnv.uniqueName("roles_"), prefix = TestEnv.uniqueName("r")
        let server = PGClient(url: TestEnv.pgURL, maxConnections: 1, logger: TestEnv.logger)
        let canCreateRoles = try await server.query("SELECT rolcreaterole OR rolsuper AS ok FROM pg_roles WHERE rolname = current_user")
            .rows.first?.decode(Bool.self, "ok") ?? false
        guard canCreateRoles else {
            await server.shutdown()
            throw TestFailure("the role of QLVB_TEST_PG_URL cannot create roles: rerun scripts/dev-up (it grants qlvb CREATEROLE)")
        }
        _ = try await server.query(PGQuery(unsafeSQL: "CREATE DATABASE \(PGQuery.quoteIdentifier(name))"))
        await server.shutdown()
        let passwords = Dictionary(uniqueKeysWithValues: services.map { ($0, UUID().uuidString) })
        let database = InstalledDatabase(
            name: name, prefix: prefix, passwords: passwords,
            admin: PGClient(url: Self.url(TestEnv.pgURL, database: name), maxConnections: 2, logger: TestEnv.logger))
        try await database.install()
        return database
    }

    /// Runs the installation step (again: it is idempotent).
    public func install() async throws {
        let sql = try String(contentsOf: Self.script, encoding: .utf8)
        try await admin.withTransaction { tx in
            _ = try await tx.query("SELECT set_config('qlvb.role_prefix', \(prefix), true)")
            for (service, password) in passwords {
                _ = try await tx.query("SELECT set_config(\("qlvb.password_" + service), \(password), true)")
            }
            _ = try await tx.query(PGQuery(unsafeSQL: sql))
        }
    }

    public func role(_ service: String) -> String { "\(prefix)_\(service)" }

    /// The URL a service uses: its own role and password.
    public func url(_ service: String) -> String {
        Self.url(TestEnv.pgURL, database: name, user: role(service), password: passwords[service]!)
    }

    public func client(_ service: String) -> PGClient {
        PGClient(url: url(service), maxConnections: 4, logger: TestEnv.logger)
    }

    public func drop() async {
        await admin.shutdown()
        let server = PGClient(url: TestEnv.pgURL, maxConnections: 1, logger: TestEnv.logger)
        _ = try? await server.query(PGQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(PGQuery.quoteIdentifier(name)) WITH (FORCE)"))
        for role in Self.services.map(role) + ["\(prefix)_audit"] {
            _ = try? await server.query(PGQuery(unsafeSQL: "DROP ROLE IF EXISTS \(PGQuery.quoteIdentifier(role))"))
        }
        await server.shutdown()
    }

    public static func url(_ base: String, database: String, user: String? = nil, password: String? = nil) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        if let user { components.user = user }
        if let password { components.password = password }
        return components.string!
    }
}

public func withInstalledDatabase(_ body: (InstalledDatabase) async throws -> Void) async throws {
    let database = try await InstalledDatabase.make()
    do {
        try await body(database)
    } catch {
        await database.drop()
        throw error
    }
    await database.drop()
}

/// The SQLSTATE of what `body` throws; nil when it succeeds.
public func sqlState(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as PGError {
        return error.sqlState ?? "?"
    } catch {
        return "not a PGError: \(error)"
    }
}
