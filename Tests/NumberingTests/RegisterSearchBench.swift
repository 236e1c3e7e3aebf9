import Contracts
import Foundation
import Storage
import TestSupport
import Testing

@testable import NumberingService

/// Benchmark (migration 22): the register's text search on a year of 200,000 lines (QLVB_BENCH_SEARCH_LINES) without
/// and with the trigram indexes, in the same run: a rare word (60 lines), a word found nowhere, two words found
/// nowhere together, and a common word (the first page then comes from the newest lines, index or not). Median of 15
/// `store.search` calls each as the clerk's screen asks (newest first, 50 lines), the plan's execution time from
/// EXPLAIN ANALYZE, and the ratios. Run with QLVB_BENCH=1.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["QLVB_BENCH"] == "1"))
struct RegisterSearchBench {
    static let lines = Int(ProcessInfo.processInfo.environment["QLVB_BENCH_SEARCH_LINES"] ?? "") ?? 200_000
    static let words = [
        "ngân sách", "dự toán", "thủy lợi", "giao thông", "tuyển sinh", "đất đai", "xây dựng", "y tế", "giáo dục", "nông nghiệp",
        "lâm nghiệp", "phòng chống", "thiên tai", "hạn hán", "sạt lở", "quy hoạch", "đầu tư", "công chức", "viên chức", "thi đua",
        "khen thưởng", "kiểm tra", "thanh tra", "báo cáo", "kế hoạch", "triển khai", "hướng dẫn", "cải cách", "hành chính",
        "chuyển đổi số", "an ninh", "quốc phòng", "dân tộc", "tôn giáo", "văn hóa", "du lịch", "thể thao", "môi trường",
        "tài nguyên", "khoáng sản", "điện lực", "nước sạch", "vệ sinh", "dịch bệnh", "bảo hiểm", "lao động", "việc làm",
        "giảm nghèo", "trẻ em", "phụ nữ", "người cao tuổi", "thanh niên", "hội nghị", "tập huấn", "tiếp dân", "khiếu nại",
        "nhà ở", "tài chính", "thuế", "lệ phí", "tín dụng", "hợp tác xã", "doanh nghiệp",
    ]

    @Test func textSearchWithAndWithoutTheTrigramIndexes() async throws {
        let h = try await NumberingHarness()
        let (agency, s) = (NumberingHarness.agency, h.schema)
        let folded = Self.words.map(SearchFolding.fold)
        // Subjects of six phrases drawn by a hash of the number; one line in 3,333 also speaks of "cầu treo bản Pá".
        _ = try await h.database.query("""
            INSERT INTO \(identifier: s).incoming_entries (
                document_id, agency, register, year, number, arrived_at, arrival_day, sender_code, sender_name, code_number,
                code_notation, promulgation_date, document_type, subject, priority, edxml_document_id, packet_sha256, packet_size,
                packet_media_type, attachments, search_text, sender_folded, registered_at)
            SELECT gen_random_uuid(), \(agency), 'VBDEN', 2026, n, t, (t AT TIME ZONE '+07')::date, 'S' || (n % 40), 'Sở ' || (n % 40),
                   n::text, 'UBND', t, 'Công văn', subj, n % 4, 'DOC-' || n, repeat('a', 64), 1024, 'application/xml', '[]'::jsonb,
                   'cong van ve viec ' || subj || CASE WHEN n % 3333 = 0 THEN ' cau treo ban pa' ELSE '' END || ' lan ' || n,
                   'so ban nganh ' || (n % 40) || ' tinh son la', t
            FROM generate_series(1, \(Self.lines)) AS n,
                 LATERAL (SELECT timestamptz '2026-01-01 08:00+07' + n * interval '150 seconds' AS t) x,
                 LATERAL (SELECT string_agg((string_to_array(\(folded.joined(separator: "|")), '|'))[1 + ((hashint4(n * 7 + k) & 2147483647) % \(folded.count))], ' ') AS subj
                          FROM generate_series(1, 6) k) y
            """)
        // VACUUM as autovacuum would in a register filled over a year: it also merges the trigram index's pending list
        // (GIN's fast update), which a bulk insert leaves long.
        _ = try await h.database.query("VACUUM ANALYZE \(identifier: s).incoming_entries")
        let store = h.store
        let queries = [("rare word", "cầu treo"), ("no line", "biên giới"), ("two words, no line", "ngân sách năm"), ("common word", "thủy lợi")]

        func measure() async throws -> [(ms: Double, plan: Double)] {
            var out: [(Double, Double)] = []
            for (_, q) in queries {
                var filter = RegisterFilter(agency: agency)
                filter.text = q
                let ms = try await BenchTiming.median(15) { _ = try await store.search(filter, executor: h.database) }
                let plan = try await h.database.query("""
                    EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM \(identifier: s).incoming_entries
                    WHERE agency = \(agency) AND register = 'VBDEN' AND search_text LIKE \(SearchFolding.containsPattern(q))
                    ORDER BY year DESC, number DESC LIMIT 50
                    """).rows[0].decode(String.self, "QUERY PLAN")
                let json = try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [[String: Any]]
                out.append((ms, json?.first?["Execution Time"] as? Double ?? 0))
            }
            return out
        }
        let with = try await measure()
        _ = try await h.database.query("DROP INDEX \(identifier: s).incoming_entries_search_trgm")
        let without = try await measure()
        for (i, (name, q)) in queries.enumerated() {
            func f(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }
            print("""
                register search, \(Self.lines) lines, \(name) ("\(q)"): without trigram index \(f(without[i].ms)) ms \
                (plan \(f(without[i].plan)) ms), with \(f(with[i].ms, 2)) ms (plan \(f(with[i].plan, 2)) ms): \
                ratio \(f(without[i].ms / with[i].ms, 0))× (plan \(f(without[i].plan / with[i].plan, 0))×)
                """)
        }
        #expect(with[0].ms < without[0].ms / 5, "the rare word is not faster with the index")
        await h.cleanUp()
    }
}
