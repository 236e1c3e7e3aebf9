import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import ArchiveService

/// The archive keeps one record of a document (migration 21): what a dossier lists is what the search finds, and an
/// installation that had the dossiers' catalogue beside the search index keeps every document, reader and filing.
@Suite(.serialized)
struct OneRecordTests {
    @Test func theCataloguesRowsMoveIntoTheOneRecord() async throws {
        let id = TestEnv.uniqueName("arc")
        let database = PGClient(url: TestEnv.pgURL, maxConnections: 4, logger: TestEnv.logger)
        try await TestEnv.ensureSearchExtensions(on: database)
        let before = (MessagingMigrations.all + ArchiveMigrations.all).filter { $0.version < 21 }
        try await Migrator(schema: id, migrations: before, logger: TestEnv.logger).migrate(on: database)
        let a = "000.00.00.H52", incoming = UUID(), outgoing = UUID(), dossier = UUID(), draft = UUID(), indexedOnly = UUID()
        // As the two records were written: the catalogue knew the packet, owner and signatures; the index the số đến.
        _ = try await database.query("""
            INSERT INTO \(identifier: id).documents (document_id, agency, direction, document_type, subject, code, document_date, party,
                register_number, main, owner, issued, signatures)
            VALUES (\(incoming), \(a), 'incoming', 'Công văn', 'Về việc lập dự toán', '12/STC-NS', now(), 'Sở Tài chính', 7,
                    '{"sha256": "aa", "size": 1, "mediaType": "application/xml"}', 'chuyenvien.ubnd', true,
                    '[{"kind": "packet", "verdict": "valid", "at": "2026-03-02T02:00:00Z"}]'),
                   (\(outgoing), \(a), 'outgoing', 'Công văn', 'Trả lời về dự toán', '05/UBND-VP', now(), 'Nguyễn Đức Việt', NULL,
                    NULL, 'chuyenvien.ubnd', true, '[]')
            """)
        _ = try await database.query("""
            UPDATE \(identifier: id).documents SET answers = \(incoming) WHERE document_id = \(outgoing)
            """)
        _ = try await database.query("""
            INSERT INTO \(identifier: id).document_readers (document_id, account) VALUES (\(outgoing), 'chuyenvien.ubnd')
            """)
        _ = try await database.query("""
            INSERT INTO \(identifier: id).search_documents (document_id, agency, direction, register, year, number, subject, sender_name)
            VALUES (\(incoming), \(a), 'incoming', 'VBDEN', 2026, 7, 'Về việc lập dự toán', 'Sở Tài chính')
            """)
        // Rows only the index had: a draft (outgoing, no number) and an incoming document.
        _ = try await database.query("""
            INSERT INTO \(identifier: id).search_documents (document_id, agency, direction, subject)
            VALUES (\(draft), \(a), 'outgoing', 'Dự thảo'), (\(indexedOnly), \(a), 'incoming', 'Văn bản đến')
            """)
        _ = try await database.query("""
            INSERT INTO \(identifier: id).dossiers (id, agency, year, code, title, creator, started_at, state)
            VALUES (\(dossier), \(a), 2026, '01.TH', 'Dự toán', 'chuyenvien.ubnd', now(), 'open')
            """)
        _ = try await database.query("""
            INSERT INTO \(identifier: id).dossier_documents (dossier_id, document_id, ordinal, filed_at, filed_by, filed_how)
            VALUES (\(dossier), \(incoming), 1, now(), 'chuyenvien.ubnd', 'hand'), (\(dossier), \(outgoing), 2, now(), 'chuyenvien.ubnd', 'hand')
            """)

        try await Migrator(schema: id, migrations: MessagingMigrations.all + ArchiveMigrations.all, logger: TestEnv.logger).migrate(on: database)

        let entries = try await DossierStore(schema: id).entries(of: dossier, executor: database)
        #expect(entries.map(\.document.documentId) == [incoming, outgoing])
        let inc = entries[0].document, out = entries[1].document
        #expect(inc.code == "12/STC-NS" && inc.registerNumber == 7 && inc.party == "Sở Tài chính" && inc.owner == "chuyenvien.ubnd")
        #expect(inc.main?.sha256 == "aa" && inc.signatures.map(\.kind) == ["packet"] && inc.issued)
        #expect(out.code == "05/UBND-VP" && out.answers == incoming && out.party == "Nguyễn Đức Việt" && out.registerNumber == nil)
        #expect(try await DocumentCatalog(schema: id).isReader("chuyenvien.ubnd", of: outgoing, executor: database))
        let catalog = DocumentCatalog(schema: id)
        #expect(try await catalog.document(draft, agency: a, executor: database)?.issued == false, "a draft is not issued")
        #expect(try await catalog.document(indexedOnly, agency: a, executor: database)?.issued == true)
        let tables = try await database.query("""
            SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = \(id) AND table_name IN ('documents', 'document_readers')
            """).rows[0].decode(Int.self, "n")
        #expect(tables == 0, "the catalogue's tables are gone: one record")
        // The issued answer is findable by the search too (its số from the catalogue's code).
        let hits = try await SearchIndexStore(schema: id).search(SearchQuery(agency: a, text: "05/UBND"), database: database)
        #expect(hits.map(\.documentId) == [outgoing])

        _ = try? await database.query("DROP SCHEMA \(identifier: id) CASCADE")
        await database.shutdown()
    }
}
