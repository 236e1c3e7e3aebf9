import Contracts
import Foundation
import Storage
import TestSupport
import Testing

@testable import NumberingService

/// Benchmark (issue 17.6): the incoming register's first page with a year of a large agency in it (100,000 lines,
/// QLVB_BENCH_LINES), as the clerk's screen asks for it now (newest first, keyset, no total) and as it did before
/// (register order with the total counted, still reachable as `order=oldest&count=1`); median of 20 each and the
/// ratio. Run with QLVB_BENCH=1 (`Benchmarks/outgoing-bench` runs it too).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["QLVB_BENCH"] == "1"))
struct LargeRegisterBench {
    static let lines = Int(ProcessInfo.processInfo.environment["QLVB_BENCH_LINES"] ?? "") ?? 100_000

    @Test func firstPageOfAYearOfALargeAgency() async throws {
        let h = try await NumberingHarness()
        let agency = NumberingHarness.agency
        // A year of lines written by SQL (as the handler writes them, without the broker): one per 5 minutes of 2026.
        _ = try await h.database.query("""
            INSERT INTO \(identifier: h.schema).incoming_entries (
                document_id, agency, register, year, number, arrived_at, arrival_day, sender_code, sender_name, code_number,
                code_notation, promulgation_date, document_type, subject, priority, edxml_document_id, packet_sha256, packet_size,
                packet_media_type, attachments, search_text, sender_folded, registered_at)
            SELECT gen_random_uuid(), \(agency), 'VBDEN', 2026, n, t, (t AT TIME ZONE '+07')::date, '000.00.01.H52', 'Sở Tài chính tỉnh Sơn La',
                   n::text, 'STC-NS', t, 'Công văn', 'Về việc lập dự toán ngân sách năm 2027, lần ' || n, n % 4, 'DOC-' || n,
                   repeat('a', 64), 1024, 'application/xml', '[]'::jsonb, 'cong van ve viec lap du toan ngan sach nam 2027 lan ' || n,
                   'so tai chinh tinh son la', t
            FROM generate_series(1, \(Self.lines)) AS n, LATERAL (SELECT timestamptz '2026-01-01 08:00+07' + n * interval '5 minutes' AS t) x
            """)
        _ = try await h.database.query("ANALYZE \(identifier: h.schema).incoming_entries")
        let store = h.store

        var now = RegisterFilter(agency: agency)
        now.limit = 50
        var before = RegisterFilter(agency: agency)
        before.newestFirst = false
        before.countTotal = true
        let newest = try await store.search(now, executor: h.database).entries
        #expect(newest.first?.number == Self.lines && newest.count == 50)
        var next = now
        next.cursor = RegisterCursor(year: 2026, number: newest.last!.number)
        #expect(try await store.search(next, executor: h.database).entries.first?.number == Self.lines - 50)

        let beforeMs = try await BenchTiming.median(20) { _ = try await store.search(before, executor: h.database) }
        let afterMs = try await BenchTiming.median(20) { _ = try await store.search(now, executor: h.database) }
        let pageMs = try await BenchTiming.median(20) { _ = try await store.search(next, executor: h.database) }
        print("""
            incoming register, \(Self.lines) lines: first page before (register order + total) \(String(format: "%.1f", beforeMs)) ms, \
            now (newest first, keyset) \(String(format: "%.2f", afterMs)) ms, next page \(String(format: "%.2f", pageMs)) ms; \
            ratio before/now \(String(format: "%.0f", beforeMs / afterMs))×
            """)
        #expect(afterMs < 100)
        await h.cleanUp()
    }
}
