import BlobStore
import Crypto
import Foundation
import Messaging
import Storage
import TestSupport
import XCTest

@testable import RoutingService

/// The audit verification benchmark (Benchmarks/audit-bench): `audit verify` over a log of 50,000 entries, full
/// (every entry re-hashed) against incremental (from a signed checkpoint 1,000 entries before the head, as the
/// periodic checkpoint leaves it), each the median of 3 runs in the same process. Skipped unless
/// `QLVB_AUDIT_BENCH=1`. Sizes: `QLVB_AUDIT_BENCH_ENTRIES` (50000), `QLVB_AUDIT_BENCH_AFTER` (1000).
final class AuditVerifyBenchmarkTests: XCTestCase {
    static let env = ProcessInfo.processInfo.environment

    func testIncrementalAgainstFullVerification() async throws {
        guard Self.env["QLVB_AUDIT_BENCH"] == "1" else { throw XCTSkip("set QLVB_AUDIT_BENCH=1 (Benchmarks/audit-bench)") }
        let entries = Int(Self.env["QLVB_AUDIT_BENCH_ENTRIES"] ?? "") ?? 50_000
        let after = Int(Self.env["QLVB_AUDIT_BENCH_AFTER"] ?? "") ?? 1_000
        let schema = TestEnv.uniqueName("auditbench")
        let database = PGClient(url: TestEnv.pgURL, maxConnections: 2, logger: TestEnv.logger)
        let blobRoot = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnv.uniqueName("audit-bench-"))
        defer { try? FileManager.default.removeItem(at: blobRoot) }
        try await Migrator(schema: schema, migrations: MessagingMigrations.all + RoutingMigrations.all, logger: TestEnv.logger).migrate(on: database)

        // The log, built in Swift and inserted in batches (appending one by one would take minutes).
        var previous = AuditChain.genesis
        var heads: [Int64: String] = [:]
        let start = Int64(Date().timeIntervalSince1970 * 1_000_000)
        var seq: Int64 = 0
        while seq < entries {
            var seqs: [String?] = [], micros: [String?] = [], subjects: [String?] = [], prevs: [String?] = [], hashes: [String?] = []
            for _ in 0..<min(2_000, entries - Int(seq)) {
                seq += 1
                let entry = AuditEntry(actor: "vanthu.ubnd", agency: "000.00.00.H52", action: "document.assign", subject: "văn bản \(seq)",
                                       details: ["người xử lý": "chuyenvien\(seq % 50).ubnd"], source: "203.0.113.7; bench")
                let at = start + seq
                let hash = AuditChain.hash(previous: previous, entry, sequence: seq, atMicroseconds: at)
                seqs.append(String(seq)); micros.append(String(at)); subjects.append(entry.subject)
                prevs.append(AuditChain.hex(previous)); hashes.append(AuditChain.hex(hash))
                previous = hash
                heads[seq] = AuditChain.hex(hash)
            }
            _ = try await database.query("""
                INSERT INTO \(identifier: AuditLog.schema(for: schema)).audit_log
                    (seq, at, actor, agency, action, subject, details, source, previous_hash, hash)
                SELECT s, 'epoch'::timestamptz + us * interval '1 microsecond', 'vanthu.ubnd', '000.00.00.H52', 'document.assign', subj,
                    jsonb_build_object('người xử lý', 'chuyenvien' || (s % 50) || '.ubnd'), '203.0.113.7; bench',
                    decode(p, 'hex'), decode(h, 'hex')
                FROM unnest(\(PGArray.literal(seqs))::bigint[], \(PGArray.literal(micros))::bigint[], \(PGArray.literal(subjects))::text[],
                    \(PGArray.literal(prevs))::text[], \(PGArray.literal(hashes))::text[]) AS t(s, us, subj, p, h)
                """)
        }

        let key = Curve25519.Signing.PrivateKey()
        let store = AuditCheckpointStore(blobs: try FileBlobStore(root: blobRoot), publicKey: key.publicKey)
        let anchor = Int64(entries - after)
        try await store.write(AuditCheckpoint.sign(schema: schema, sequence: anchor, headHash: heads[anchor]!, at: Date(), previous: nil, key: key))

        func median(full: Bool) async throws -> (seconds: Double, result: AuditVerification) {
            var times: [Double] = []
            var last: AuditVerification?
            for _ in 0..<3 {
                let began = ContinuousClock.now
                last = try await AuditCheckpointer.verify(schema: schema, database: database, store: store, full: full)
                let elapsed = ContinuousClock.now - began
                times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            return (times.sorted()[1], last!)
        }
        let full = try await median(full: true)
        let incremental = try await median(full: false)
        XCTAssertTrue(full.result.isIntact, full.result.reason ?? "")
        XCTAssertTrue(incremental.result.isIntact, incremental.result.reason ?? "")
        XCTAssertEqual(full.result.rowsRead, entries)
        XCTAssertEqual(incremental.result.rowsRead, after + 1)
        print(String(
            format: "audit-bench: %d entries; full verify %.0f ms (%d rows), incremental from the checkpoint %d entries back %.1f ms (%d rows); full/incremental = %.1f×",
            entries, full.seconds * 1000, full.result.rowsRead, after, incremental.seconds * 1000, incremental.result.rowsRead,
            full.seconds / incremental.seconds))

        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        _ = try? await database.query("DROP SCHEMA \(identifier: AuditLog.schema(for: schema)) CASCADE")
        await database.shutdown()
    }
}
