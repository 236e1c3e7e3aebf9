import Foundation
import Testing

@testable import Storage

/// The connection's own thread: a transaction's body runs there, and closing the pool ends the threads.
@Suite(.serialized) struct PGConnectionThreadTests {
    /// The names of this process's threads (`/proc/self/task/*/comm`).
    static func threadNames() -> Set<String> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
    }

    /// The body of a transaction runs on its connection's thread, before and after it awaits something elsewhere,
    /// so its statements need no hand-off.
    @Test func aTransactionBodyRunsOnItsConnectionsThread() async throws {
        try await TestDatabase.withSchema(maxConnections: 2) { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY)")
            try await client.withConnection { connection in
                #expect(connection.thread.isCurrent)
                try await client.withTransaction { tx in
                    #expect(tx.connection.thread.isCurrent)
                    #expect(!connection.thread.isCurrent, "a nested lease runs on the other connection's thread")
                    _ = try await tx.query("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    try await Task.sleep(for: .milliseconds(5))
                    #expect(tx.connection.thread.isCurrent, "back on it after a suspension")
                }
                #expect(connection.thread.isCurrent)
            }
            #expect(try await client.query("SELECT count(*) AS n FROM \(identifier: schema).t").rows[0].decode(Int.self, "n") == 1)
        }
    }

    /// Pools of four connections opened and shut down leave none of their threads (named `pg-<backend pid>`) behind.
    @Test func shuttingDownAPoolEndsItsConnectionsThreads() async throws {
        var names: Set<String> = []
        for _ in 0..<5 {
            let client = TestDatabase.makeClient(maxConnections: 4)
            let pids = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await client.query("SELECT pg_backend_pid() AS p, pg_sleep(0.05)").rows[0].decode(Int.self, "p")
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(Set(pids).count == 4)
            names.formUnion(pids.map { "pg-\($0)" })
            #expect(!Self.threadNames().isDisjoint(with: names), "the connections' threads run while the pool is open")
            await client.shutdown()
        }
        var left = Self.threadNames().intersection(names)
        for _ in 0..<50 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(20))
            left = Self.threadNames().intersection(names)
        }
        #expect(left.isEmpty, "threads still running: \(left.sorted())")
    }

    /// Work given to a stopped thread still runs (jobs on the global executor, calls where they were made).
    @Test func workAfterStopStillRuns() async throws {
        let thread = PGConnectionThread(name: "test")
        #expect(try await thread.call { 41 + 1 } == 42)
        thread.stop()
        #expect(try await thread.call { 7 } == 7)
        let value = await withTaskExecutorPreference(thread) { () async -> Int in
            await Task.yield()
            return 5
        }
        #expect(value == 5)
    }
}
