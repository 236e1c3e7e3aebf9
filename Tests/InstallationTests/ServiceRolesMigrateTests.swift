import Foundation
import ServiceKit
import Storage
import TestSupport
import Testing

@testable import ArchiveService
@testable import DispatchService
@testable import IntakeService
@testable import NotificationsService
@testable import NumberingService
@testable import RoutingService
@testable import SigningService

/// Every service migrates its schema as its own database role, as it does at start in production, on a database set
/// up by the installation step (infra/postgres/install.sql). The tests and the development services connect as the
/// database's owner, who may do what a service's role may not (create temporary tables or schemas, use an extension
/// the installation did not grant): archive's migration 21 passed every test and did not start under its own role.
@Suite struct ServiceRolesMigrateTests {
    static let services: [(name: String, migrations: [Migration])] = [
        ("intake", IntakeMigrations.all), ("routing", RoutingMigrations.all), ("signing", SigningMigrations.all),
        ("numbering", NumberingMigrations.all), ("dispatch", DispatchMigrations.all), ("archive", ArchiveMigrations.all),
        ("notifications", NotificationsMigrations.all),
    ]

    @Test func everyServiceMigratesItsSchemaAsItsOwnRole() async throws {
        #expect(Set(Self.services.map(\.name)) == Set(InstalledDatabase.services), "a service without its migrations here")
        try await withInstalledDatabase { db in
            for (service, own) in Self.services {
                let client = db.client(service)
                do {
                    let all = ServiceRuntime.migrations(own: own)
                    try await Migrator(schema: service, migrations: all, logger: TestEnv.logger).migrate(on: client)
                    // Every version recorded, and a second start (another copy, a restart) applies nothing and accepts
                    // the recorded checksums.
                    let applied = try await client.query("SELECT version FROM \(identifier: service).schema_migrations ORDER BY version")
                        .rows.map { try $0.decode(Int.self, "version") }
                    #expect(applied == all.map(\.version).sorted(), "\(service)")
                    try await Migrator(schema: service, migrations: all, logger: TestEnv.logger).migrate(on: client)
                } catch {
                    await client.shutdown()
                    throw TestFailure("\(service)'s migrations under its own role \(db.role(service)): \(error)")
                }
                await client.shutdown()
            }

            // What they made is the service's own (it may change it in a later migration) and inside its schemas.
            let foreign = try await db.admin.query("""
                SELECT n.nspname || '.' || c.relname || ' (' || pg_get_userbyid(c.relowner) || ')' AS what
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY (string_to_array(\(InstalledDatabase.services.joined(separator: ",")), ','))
                  AND pg_get_userbyid(c.relowner) <> \(db.prefix) || '_' || n.nspname
                ORDER BY 1
                """).rows.map { try $0.decode(String.self, "what") }
            #expect(foreign.isEmpty, "\(foreign)")
            let outside = try await db.admin.query("""
                SELECT n.nspname || '.' || c.relname AS what FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE pg_get_userbyid(c.relowner) LIKE \(db.prefix + "\\_%")
                  AND n.nspname <> 'pg_toast' AND NOT (n.nspname = ANY (string_to_array(\(InstalledDatabase.services.joined(separator: ",") + ",routing_audit"), ',')))
                """).rows.map { try $0.decode(String.self, "what") }
            #expect(outside.isEmpty, "\(outside)")
        }
    }
}
