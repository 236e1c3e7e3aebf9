import Foundation
import Messaging
import Storage
import TestSupport
import XCTest

@testable import RoutingService

/// Least privilege in PostgreSQL, on a database set up by the installation step: each service's role owns its
/// schema and nothing else; routing may append to the audit log and read it, never change it or switch its rule off.
final class DatabaseRolesTests: XCTestCase {
    /// Each service migrates its own schema as its own role, as it does at start.
    static func migrate(_ db: InstalledDatabase, _ service: String, _ migrations: [Migration]) async throws -> PGClient {
        let client = db.client(service)
        try await Migrator(schema: service, migrations: MessagingMigrations.all + migrations, logger: TestEnv.logger).migrate(on: client)
        return client
    }

    func testAServiceRoleCannotReadOrWriteAnotherServicesSchema() async throws {
        try await withInstalledDatabase { db in
            let routing = try await Self.migrate(db, "routing", RoutingMigrations.all)
            let intake = try await Self.migrate(db, "intake", [])
            defer { Task { await routing.shutdown(); await intake.shutdown() } }
            _ = try await routing.query("INSERT INTO routing.agencies (code, name, short_name) VALUES ('000.00.00.H52', 'UBND tỉnh Sơn La', 'ubnd')")

            // Its own tables: yes. Routing's: neither read nor write, not even by naming the table.
            _ = try await intake.query("SELECT count(*) FROM intake.outbox")
            let denied = "42501"   // insufficient_privilege
            for sql in ["SELECT * FROM routing.agencies", "SELECT * FROM routing.users",
                        "INSERT INTO routing.agencies (code, name, short_name) VALUES ('x', 'x', 'x')",
                        "DELETE FROM routing.outbox", "SELECT * FROM routing_audit.audit_log",
                        "CREATE TABLE routing.planted (id int)", "CREATE SCHEMA planted"] {
                let state = await sqlState { _ = try await intake.query(PGQuery(unsafeSQL: sql)) }
                XCTAssertEqual(state, denied, sql)
            }
            // And the other way round: routing cannot read intake's.
            let state = await sqlState { _ = try await routing.query("SELECT * FROM intake.outbox") }
            XCTAssertEqual(state, denied)
            // What the schemas are: each owned by its service's role.
            let owners = try await db.admin.query("""
                SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace
                WHERE nspname IN ('intake', 'routing', 'signing', 'routing_audit') ORDER BY nspname
                """).rows.map { row in try row.decode(String.self, "nspname") + "=" + row.decode(String.self, "owner") }
            XCTAssertEqual(owners, ["intake=\(db.role("intake"))", "routing=\(db.role("routing"))",
                                    "routing_audit=\(db.prefix)_audit", "signing=\(db.role("signing"))"])
        }
    }

    func testTheWriterCannotChangeTheAuditLogNorSwitchItsRuleOff() async throws {
        try await withInstalledDatabase { db in
            let routing = try await Self.migrate(db, "routing", RoutingMigrations.all)
            defer { Task { await routing.shutdown() } }
            for i in 1...3 {
                _ = try await routing.withTransaction { tx in
                    try await AuditLog.append(
                        AuditEntry(actor: "quantri.ubnd", agency: "000.00.00.H52", action: "user.create", subject: "u\(i).ubnd"),
                        schema: "routing", in: tx)
                }
            }
            // Migration 32 left no copy of the table in routing's own schema, whose owner could drop it.
            let stray = try await routing.query("SELECT to_regclass('routing.audit_log')::text AS t").rows.first?.decode(String?.self, "t")
            XCTAssertNil(stray ?? nil)

            for sql in ["UPDATE routing_audit.audit_log SET subject = 'x' WHERE seq = 1",
                        "DELETE FROM routing_audit.audit_log WHERE seq = 3",
                        "TRUNCATE routing_audit.audit_log",
                        "ALTER TABLE routing_audit.audit_log DISABLE TRIGGER audit_log_no_update_delete",
                        "ALTER TABLE routing_audit.audit_log DISABLE TRIGGER USER",
                        "DROP TRIGGER audit_log_no_update_delete ON routing_audit.audit_log",
                        "DROP TABLE routing_audit.audit_log",
                        "ALTER TABLE routing_audit.audit_log OWNER TO CURRENT_USER",
                        "CREATE OR REPLACE FUNCTION routing_audit.audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN OLD; END'"] {
                let state = await sqlState { _ = try await routing.query(PGQuery(unsafeSQL: sql)) }
                XCTAssertEqual(state, "42501", sql)
            }
            let result = try await AuditLog.verify(schema: "routing", database: routing)
            XCTAssertEqual(result.count, 3)
            XCTAssertTrue(result.isIntact)

            // Running the installation step again (an upgrade) changes nothing of that.
            try await db.install()
            let state = await sqlState { _ = try await routing.query("TRUNCATE routing_audit.audit_log") }
            XCTAssertEqual(state, "42501")
        }
    }

    /// A database from before the installation step (one role for everything, the log in routing's schema) is taken
    /// over: the schema passes to routing's role, the log moves to routing_audit with its entries and still verifies.
    func testTheInstallationStepTakesOverASharedRoleDatabase() async throws {
        try await withInstalledDatabase { db in
            // Start again from a schema the administrator made and migrated up to the old layout (before 32).
            _ = try await db.admin.query("DROP SCHEMA routing CASCADE")
            _ = try await db.admin.query("DROP SCHEMA routing_audit CASCADE")
            let old = RoutingMigrations.all.filter { $0.version < 32 }
            try await Migrator(schema: "routing", migrations: MessagingMigrations.all + old, logger: TestEnv.logger).migrate(on: db.admin)
            for i in 1...4 {
                _ = try await db.admin.withTransaction { tx in
                    _ = try await tx.query("SELECT pg_advisory_xact_lock(1)")
                    let last = try await tx.query("SELECT seq, hash FROM routing.audit_log ORDER BY seq DESC LIMIT 1").rows.first
                    let seq = try (last?.decode(Int64.self, "seq") ?? 0) + 1
                    let previous = try last?.decode([UInt8].self, "hash") ?? AuditChain.genesis
                    let entry = AuditEntry(actor: "quantri.ubnd", agency: "000.00.00.H52", action: "user.create", subject: "old\(i)")
                    let hash = AuditChain.hash(previous: previous, entry, sequence: seq, atMicroseconds: 1_700_000_000_000_000 + seq)
                    _ = try await tx.query("""
                        INSERT INTO routing.audit_log (seq, at, actor, agency, action, subject, previous_hash, hash)
                        VALUES (\(seq), 'epoch'::timestamptz + \(1_700_000_000_000_000 + seq)::bigint * interval '1 microsecond',
                            'quantri.ubnd', '000.00.00.H52', 'user.create', \("old\(i)"), \(previous), \(hash))
                        """)
                }
            }
            try await db.install()
            let routing = try await Self.migrate(db, "routing", RoutingMigrations.all)
            defer { Task { await routing.shutdown() } }
            let result = try await AuditLog.verify(schema: "routing", database: routing)
            XCTAssertEqual(result.count, 4)
            XCTAssertTrue(result.isIntact, result.reason ?? "")
            let owner = try await db.admin.query("SELECT pg_get_userbyid(relowner) AS o FROM pg_class WHERE oid = 'routing.users'::regclass")
                .rows.first?.decode(String.self, "o")
            XCTAssertEqual(owner, db.role("routing"))
            let state = await sqlState { _ = try await routing.query("DELETE FROM routing_audit.audit_log") }
            XCTAssertEqual(state, "42501")
        }
    }
}
