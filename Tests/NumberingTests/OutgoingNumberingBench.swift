import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import NumberingService

/// Benchmark (issue 14): outgoing numbers per second with one and two copies of numbering, as a ratio to the
/// single-client commit rate (one INSERT per transaction on one connection, as pgbench -c 1) measured in the same run.
/// Every number is one transaction that locks its series' counter row, so numbers of one series can go no faster
/// than commits one after the other; the ratio says how close the whole command (document lock, counter, number
/// row, outbox) comes to that. Run with `Benchmarks/outgoing-bench` (QLVB_BENCH=1).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["QLVB_BENCH"] == "1"))
struct OutgoingNumberingBench {
    static let count = Int(ProcessInfo.processInfo.environment["QLVB_BENCH_NUMBERS"] ?? "") ?? 600

    func commitRate(seconds: Double) async throws -> Double {
        let db = PGClient(url: TestEnv.pgURL, maxConnections: 1, logger: TestEnv.logger)
        let table = "bench_commits_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await db.query("CREATE TABLE \(identifier: table) (id bigserial PRIMARY KEY, payload text)")
        let start = Date()
        var n = 0
        while Date().timeIntervalSince(start) < seconds {
            _ = try await db.query("INSERT INTO \(identifier: table) (payload) VALUES (\(UUID().uuidString))")
            n += 1
        }
        let rate = Double(n) / Date().timeIntervalSince(start)
        _ = try await db.query("DROP TABLE \(identifier: table)")
        await db.shutdown()
        return rate
    }

    /// Numbers `count` signed documents with `copies` copies, `clerks` requests at a time per copy; numbers per second.
    func numbersPerSecond(copies: Int, clerks: Int) async throws -> Double {
        let h = try await NumberingHarness()
        var ids: [UUID] = []
        for _ in 0..<Self.count { ids.append(try await OutgoingRegisterTests.signed(h)) }
        let instances = (0..<copies).map { _ in OutgoingRegisterTests.Copy(h) }
        let now = Date()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (c, copy) in instances.enumerated() {
                let mine = ids.enumerated().filter { $0.offset % copies == c }.map(\.element)
                for lane in 0..<clerks {
                    let slice = mine.enumerated().filter { $0.offset % clerks == lane }.map(\.element)
                    group.addTask { for id in slice { _ = try await copy.number(id, at: now) } }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let numbers = try await h.database.query("SELECT number FROM \(identifier: h.schema).outgoing_numbers ORDER BY number").rows
            .map { try $0.decode(Int.self, "number") }
        #expect(numbers == Array(1...Self.count))
        for copy in instances { await copy.database.shutdown() }
        await h.cleanUp()
        return Double(Self.count) / seconds
    }

    @Test func outgoingNumbersPerSecondAgainstTheCommitRate() async throws {
        let baseline = try await commitRate(seconds: 3)
        let one = try await numbersPerSecond(copies: 1, clerks: 4)
        let two = try await numbersPerSecond(copies: 2, clerks: 4)
        let report = """
            single-client commit rate: \(Int(baseline)) commits/s
            outgoing numbers, 1 copy × 4 clerks: \(Int(one))/s = \(String(format: "%.2f", one / baseline)) × commit rate
            outgoing numbers, 2 copies × 4 clerks: \(Int(two))/s = \(String(format: "%.2f", two / baseline)) × commit rate
            """
        print(report)
        #expect(one > 0 && two > 0)
    }
}
