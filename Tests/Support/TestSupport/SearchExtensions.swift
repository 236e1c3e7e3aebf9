import Storage

extension TestEnv {
    /// Makes schema `extensions` with `unaccent` and `pg_trgm` in the test database once, under a lock.
    ///
    /// Archive's migration 20 creates them when they are missing, as a development database needs; harnesses that
    /// migrate their own schemas side by side would otherwise race on `CREATE SCHEMA extensions` (the installation
    /// step makes them once in production, so only tests meet this).
    public static func ensureSearchExtensions(on database: PGClient) async throws {
        try await database.withTransaction { tx in
            _ = try await tx.query("SELECT pg_advisory_xact_lock(hashtext('qlvb.test.extensions'))")
            _ = try await tx.query("CREATE SCHEMA IF NOT EXISTS extensions")
            _ = try await tx.query("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA extensions")
            _ = try await tx.query("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA extensions")
        }
    }
}
