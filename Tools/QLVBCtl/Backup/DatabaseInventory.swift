import Foundation
import Storage

/// What a backup reads of the database besides the dumps: the schemas and their owners, the extensions, and per
/// table its row count and an order-independent checksum (sum of the first 64 bits of each row's MD5 over its
/// text form, session in UTC), so a restore can be compared table by table without comparing rows one by one.
enum DatabaseInventory {
    /// Schemas that belong to the installation: every one but PostgreSQL's own, and `public` only when it holds tables.
    static func schemas(_ db: some PGExecutor) async throws -> [(name: String, owner: String)] {
        let rows = try await db.query("""
            SELECT n.nspname AS name, pg_get_userbyid(n.nspowner) AS owner FROM pg_namespace n
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
              AND (n.nspname <> 'public' OR EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'S', 'v', 'm')))
            ORDER BY n.nspname
            """).rows
        return try rows.map { (try $0.decode(String.self, "name"), try $0.decode(String.self, "owner")) }
    }

    static func extensions(_ db: some PGExecutor) async throws -> [BackupManifest.Extension] {
        try await db.query("""
            SELECT e.extname AS name, n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname <> 'plpgsql' ORDER BY e.extname
            """).rows.map { BackupManifest.Extension(name: try $0.decode(String.self, "name"), schema: try $0.decode(String.self, "schema")) }
    }

    /// Rows and checksum of every ordinary table of `schemas`, in (schema, table) order.
    static func tables(_ db: some PGExecutor, schemas: [String]) async throws -> [BackupManifest.Table] {
        _ = try await db.query("SET LOCAL TimeZone TO 'UTC'")
        _ = try await db.query("SET LOCAL extra_float_digits TO 3")
        let names = try await db.query("""
            SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = ANY(\(PGArray.literal(schemas))::text[]) ORDER BY n.nspname, c.relname
            """).rows
        var out: [BackupManifest.Table] = []
        for row in names {
            let schema = try row.decode(String.self, "schema")
            let name = try row.decode(String.self, "name")
            let qualified = PGQuery.quoteIdentifier(schema) + "." + PGQuery.quoteIdentifier(name)
            let figures = try await db.query(PGQuery(unsafeSQL: """
                SELECT count(*)::text AS rows,
                       coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint::numeric), 0)::text AS checksum
                FROM \(qualified) AS t
                """)).rows[0]
            out.append(.init(schema: schema, name: name, rows: Int64(try figures.decode(String.self, "rows")) ?? -1,
                             checksum: try figures.decode(String.self, "checksum")))
        }
        return out
    }

    /// Runs `body` inside a repeatable-read, read-only transaction whose snapshot is exported, so pg_dump (given
    /// `--snapshot`) and the checksums all see the same instant of every schema.
    static func withSnapshot<T: Sendable>(_ client: PGClient, _ body: @Sendable (PGTransaction, String) async throws -> T) async throws -> T {
        try await client.withTransaction { tx in
            _ = try await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let id = try await tx.query("SELECT pg_export_snapshot() AS id").rows[0].decode(String.self, "id")
            return try await body(tx, id)
        }
    }

    /// Tables that would be overwritten: a restore goes only into a database with none in the installation's schemas.
    static func userTableCount(_ db: some PGExecutor) async throws -> Int {
        Int(try await db.query("""
            SELECT count(*)::text AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            """).rows[0].decode(String.self, "n")) ?? 0
    }
}
