import Storage
import Testing

/// Concurrent writes share transactions, every caller gets its own answer after its commit, and a
/// bad write fails alone.
@Suite(.serialized) struct PGGroupCommitTests {
    /// Inserts each batch's numbers into `schema.rows` in one statement (then runs `then`), answering each with itself.
    static func inserter(_ client: PGClient, _ schema: String, then: PGQuery? = nil) -> PGGroupCommit<Int, Int> {
        PGGroupCommit<Int, Int>(database: client) { items, tx in
            let sql = "INSERT INTO \(PGQuery.quoteIdentifier(schema)).rows (n) SELECT unnest($1::int[])"
            _ = try await tx.query(PGQuery(unsafeSQL: sql, binds: [PGArray.literal(describing: items)]))
            if let then { _ = try await tx.query(then) }
            return items
        }
    }

    @Test func concurrentWritesShareTransactionsAndEachGetsItsAnswer() async throws {
        try await TestDatabase.withSchema(maxConnections: 4) { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).rows (n int PRIMARY KEY, tx bigint NOT NULL)")
            let writer = PGGroupCommit<Int, Int>(database: client, maxBatch: 16) { items, tx in
                let sql = "INSERT INTO \(PGQuery.quoteIdentifier(schema)).rows (n, tx) SELECT n, txid_current() FROM unnest($1::int[]) AS n"
                _ = try await tx.query(PGQuery(unsafeSQL: sql, binds: [PGArray.literal(describing: items)]))
                return items.map { $0 * 10 }
            }
            let answers = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for n in 1...200 { group.addTask { (n, try await writer.submit(n)) } }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(answers.count == 200)
            #expect(answers.allSatisfy { $0.value == $0.key * 10 }, "each caller gets the answer to its own item")
            let stats = try await client.query("SELECT count(*) AS n, count(DISTINCT tx) AS txs, max(c) AS biggest FROM \(identifier: schema).rows, LATERAL (SELECT count(*) AS c FROM \(identifier: schema).rows r WHERE r.tx = rows.tx) x").rows[0]
            #expect(try stats.decode(Int.self, "n") == 200, "every write committed")
            let transactions = try stats.decode(Int.self, "txs")
            #expect(transactions < 200, "writes that waited shared a transaction (\(transactions) transactions)")
            #expect(try stats.decode(Int.self, "biggest") <= 16, "no batch over maxBatch")
        }
    }

    @Test func aBadWriteFailsAloneAndTheOthersCommit() async throws {
        try await TestDatabase.withSchema(maxConnections: 4) { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).rows (n int PRIMARY KEY CHECK (n <> 13))")
            let writer = Self.inserter(client, schema)
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 1...40 { group.addTask { (n, (try? await writer.submit(n)) != nil) } }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.filter { !$0.value }.map(\.key) == [13], "only the write the table refuses fails")
            let stored = try await client.query("SELECT count(*) AS n FROM \(identifier: schema).rows").rows[0].decode(Int.self, "n")
            #expect(stored == 39)
        }
    }

    @Test func cancellingTheCallerWhoWritesDoesNotFailTheOthersWrites() async throws {
        try await TestDatabase.withSchema(maxConnections: 4) { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).rows (n int PRIMARY KEY)")
            // The batch stays in flight while the caller is cancelled.
            let writer = Self.inserter(client, schema, then: "SELECT pg_sleep(0.3)")
            let first = Task { try await writer.submit(1) }  // finds nobody writing: it writes the first batch
            try await Task.sleep(for: .milliseconds(100))
            let others = Task { try await withThrowingTaskGroup(of: Int.self) { g in
                for n in 2...6 { g.addTask { try await writer.submit(n) } }
                return try await g.reduce(0, +)
            } }
            first.cancel()
            _ = try? await first.value
            #expect(try await others.value == 2 + 3 + 4 + 5 + 6, "the others' writes committed")
            let stored = try await client.query("SELECT count(*) AS n FROM \(identifier: schema).rows").rows[0].decode(Int.self, "n")
            #expect(stored == 6, "the cancelled caller's batch was written too")
        }
    }
}
