import Foundation
import Logging
import Storage

/// (b): one connection, one single-row INSERT per transaction, as pgbench -c 1 does.
struct CommitRate {
    let url: String
    let seconds: Double

    func run() async throws -> Double {
        let db = PGClient(url: url, maxConnections: 1, logger: Logger(label: "bench"))
        _ = try await db.query("CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, payload text)")
        let start = Date()
        var n = 0
        while Date().timeIntervalSince(start) < seconds {
            _ = try await db.query("INSERT INTO bench_commits (payload) VALUES (\(UUID().uuidString))")
            n += 1
        }
        let rate = Double(n) / Date().timeIntervalSince(start)
        _ = try await db.query("DROP TABLE bench_commits")
        await db.shutdown()
        return rate
    }
}
