import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import ArchiveService

/// The one-time cost of migration 21 (the dossiers' catalogue merged into the search index) on a generated index of
/// `QLVB_MIGRATION_BENCH_DOCS` documents (default 20 000, 2 pages of PDF text each, every one also in the catalogue as
/// the old version kept it), as a ratio to one bare rewrite of the same table (`UPDATE … SET indexed_at =
/// indexed_at`) measured in the same run. Runs only with QLVB_MIGRATION_BENCH=1.
@Suite(.serialized)
struct MigrationBench {
    static let enabled = ProcessInfo.processInfo.environment["QLVB_MIGRATION_BENCH"] == "1"
    static let documents = Int(ProcessInfo.processInfo.environment["QLVB_MIGRATION_BENCH_DOCS"] ?? "") ?? 20_000

    @Test(.enabled(if: enabled)) func mergingTheCatalogueAgainstOneRewriteOfTheIndex() async throws {
        let schema = TestEnv.uniqueName("mbench")
        let database = PGClient(url: TestEnv.pgURL, maxConnections: 2, logger: TestEnv.logger)
        try await TestEnv.ensureSearchExtensions(on: database)
        let all = MessagingMigrations.all + ArchiveMigrations.all
        try await Migrator(schema: schema, migrations: all.filter { $0.version < 21 }, logger: TestEnv.logger).migrate(on: database)
        // Documents with a subject and about two pages of text (the words need not be Vietnamese to cost the same).
        _ = try await database.query("""
            INSERT INTO \(identifier: schema).search_documents (
                document_id, agency, direction, register, year, number, code_number, code_notation, document_type, subject,
                sender_code, sender_name, promulgation_date, day, body, body_files)
            SELECT gen_random_uuid(), '000.00.00.H52', 'incoming', 'VBDEN', 2026, g, g::text, 'STC-NS', 'Công văn',
                   'Về việc kế hoạch số ' || g, '000.00.01.H52', 'Sở Tài chính', now(), current_date,
                   (SELECT string_agg(substr(md5(g::text || '-' || i::text), 1, 6), ' ') FROM generate_series(1, 620) AS i), 1
            FROM generate_series(1, \(Self.documents)::int) AS g
            """)
        _ = try await database.query("VACUUM ANALYZE \(identifier: schema).search_documents")
        _ = try await database.query("""
            INSERT INTO \(identifier: schema).documents (document_id, agency, direction, document_type, subject, code, document_date, party,
                register_number, main, owner, issued)
            SELECT document_id, agency, direction, document_type, subject, code_number || '/' || code_notation, promulgation_date,
                   sender_name, number, '{"sha256": "aa", "size": 1, "mediaType": "application/xml"}', 'chuyenvien.ubnd', true
            FROM \(identifier: schema).search_documents
            """)
        _ = try await database.query("VACUUM ANALYZE \(identifier: schema).documents")

        let clock = ContinuousClock()
        let rewrite = try await clock.measure {
            _ = try await database.query("UPDATE \(identifier: schema).search_documents SET indexed_at = indexed_at")
        }
        _ = try await database.query("VACUUM \(identifier: schema).search_documents")
        let migration = try await clock.measure {
            try await Migrator(schema: schema, migrations: all, logger: TestEnv.logger).migrate(on: database)
        }
        let ratio = migration / rewrite
        print("migration-bench: \(Self.documents) documents: migration 21 \(migration), one rewrite \(rewrite), ratio \(String(format: "%.2f", ratio))")
        let merged = try await database.query("SELECT count(*) AS n FROM \(identifier: schema).search_documents WHERE owner IS NOT NULL")
            .rows[0].decode(Int.self, "n")
        #expect(merged == Self.documents)
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        await database.shutdown()
    }
}
