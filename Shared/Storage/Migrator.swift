import Logging

/// Brings one schema up to date at service start-up.
///
/// Each step is a transaction that first takes `pg_advisory_xact_lock` keyed on the schema, so copies of a
/// service starting together migrate one at a time and each migration runs exactly once. Every step re-reads
/// `schema_migrations`, checks applied checksums (SHA-256 of the SQL) against the code, then applies the next
/// pending migration with `search_path` set to the schema.
///
/// Versions below `ownVersionsStart` (10) are the platform's (inbox, outbox, dead letters, access revocations),
/// from 10 the service's own. Each sequence must be applied in order, but independently of the other: neither
/// touches the other's tables, and a platform migration added in a release must reach schemas whose service
/// migrations went ahead long ago.
public struct Migrator: Sendable {
    /// The first version of a service's own migrations.
    public static let ownVersionsStart = 10

    public let schema: String
    public let migrations: [Migration]
    private let logger: Logger

    public init(schema: String, migrations: [Migration], logger: Logger) {
        self.schema = schema
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    public func migrate(on client: PGClient) async throws {
        try validate()
        let checksums = try await codeChecksums(on: client)
        var appliedNow = 0
        while let applied = try await client.withTransaction({ try await step($0, checksums: checksums) }) {
            appliedNow += 1
            logger.info("applied migration", metadata: ["schema": "\(schema)", "version": "\(applied.version)", "name": "\(applied.name)"])
        }
        logger.debug("schema up to date", metadata: ["schema": "\(schema)", "applied": "\(appliedNow)"])
    }

    /// One locked transaction: verify history, apply the next pending migration; nil when none is left.
    private func step(_ tx: PGTransaction, checksums: [Int: String]) async throws -> Migration? {
        let table = "\(PGQuery.quoteIdentifier(schema)).schema_migrations"
        _ = try await tx.query("SELECT pg_advisory_xact_lock(\(lockKey))")
        // A schema made by the installation step (owned by the service's role, which may not create schemas) is
        // used as it is: CREATE SCHEMA IF NOT EXISTS would still need CREATE on the database.
        let exists = try await tx.query("SELECT 1 FROM pg_namespace WHERE nspname = \(schema)").rows.isEmpty == false
        if !exists {
            try await tx.connection.execute(script: "CREATE SCHEMA IF NOT EXISTS \(PGQuery.quoteIdentifier(schema))")
        }
        try await tx.connection.execute(script: """
            CREATE TABLE IF NOT EXISTS \(table) (
                version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """)
        let rows = try await tx.query("SELECT version, name, checksum FROM \(unsafe: table) ORDER BY version").rows
        var appliedVersions = Set<Int>()
        for row in rows {
            let version = try row.decode(Int.self, "version"), name = try row.decode(String.self, "name")
            let recorded = try row.decode(String.self, "checksum")
            guard let migration = migrations.first(where: { $0.version == version }) else {
                throw MigrationError.missingFromCode(version: version, name: name, schema: schema)
            }
            if let code = checksums[version], code != recorded {
                throw MigrationError.edited(migration, schema: schema, applied: recorded, code: code)
            }
            appliedVersions.insert(version)
        }
        guard let next = migrations.first(where: { !appliedVersions.contains($0.version) }) else { return nil }
        let isOwn = { (version: Int) in version >= Self.ownVersionsStart }
        if let latest = appliedVersions.filter({ isOwn($0) == isOwn(next.version) }).max(), latest > next.version {
            throw MigrationError.outOfOrder(next, latestApplied: latest, schema: schema)
        }
        try await tx.connection.execute(script: "SET LOCAL search_path TO \(PGQuery.quoteIdentifier(schema))")
        try await tx.connection.execute(script: next.sql)
        let checksum = checksums[next.version] ?? ""
        _ = try await tx.query("""
            INSERT INTO \(unsafe: table) (version, name, checksum) VALUES (\(next.version), \(next.name), \(checksum))
            """)
        return next
    }

    private func validate() throws {
        for m in migrations where m.version < 1 { throw MigrationError.invalidVersion(m, schema: schema) }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw MigrationError.duplicateVersion(a.version, names: migrations.filter { $0.version == a.version }.map(\.name), schema: schema)
        }
    }

    /// SHA-256 hex of each migration's SQL, computed by PostgreSQL in one round trip.
    private func codeChecksums(on client: PGClient) async throws -> [Int: String] {
        guard !migrations.isEmpty else { return [:] }
        let result = try await client.query("""
            SELECT encode(sha256(convert_to(sql, 'UTF8')), 'hex') AS checksum
            FROM unnest(\(Self.textArray(migrations.map(\.sql)))::text[]) WITH ORDINALITY AS m(sql, position) ORDER BY position
            """)
        let sums = try result.rows.map { try $0.decode(String.self, "checksum") }
        return Dictionary(uniqueKeysWithValues: zip(migrations.map(\.version), sums))
    }

    /// A text[] literal (`{"a","b\"c"}`) sent as one bind value.
    static func textArray(_ items: [String]) -> String {
        let quoted = items.map { item -> String in
            var out = "\""
            for ch in item {
                if ch == "\"" || ch == "\\" { out.append("\\") }
                out.append(ch)
            }
            return out + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }

    /// A stable 64-bit key (FNV-1a) for the advisory lock, the same in every process and build.
    private var lockKey: Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "qlvb.migrate.\(schema)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
