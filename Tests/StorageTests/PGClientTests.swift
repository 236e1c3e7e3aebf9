import Foundation
import Testing
import Storage

/// The pool, transactions and failure handling against a real PostgreSQL.
@Suite(.serialized) struct PGClientTests {
    /// The outbox relay's transactions skip the WAL-flush wait; the setting stays inside the transaction.
    @Test func anAsynchronousCommitAppliesToItsTransactionOnly() async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, schema in
            func setting(_ tx: PGTransaction) async throws -> String {
                try await tx.query("SELECT current_setting('synchronous_commit') AS s").rows[0].decode(String.self, "s")
            }
            #expect(try await client.withTransaction(synchronousCommit: false) { try await setting($0) } == "off")
            #expect(try await client.withTransaction { try await setting($0) } == "on", "the same (only) connection, back to on")
            _ = try await client.query("CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY)")
            try await client.withTransaction(synchronousCommit: false) { tx in
                _ = try await tx.query("INSERT INTO \(identifier: schema).t VALUES (\(7))")
            }
            #expect(try await client.query("SELECT count(*) AS n FROM \(identifier: schema).t").rows[0].decode(Int.self, "n") == 1)
        }
    }

    @Test func aTransactionCommitsWhenItsBodyReturns() async throws {
        try await TestDatabase.withSchema { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY)")
            let count = try await client.withTransaction { tx in
                _ = try await tx.query("INSERT INTO \(identifier: schema).t VALUES (\(1)), (\(2))")
                return try await tx.query("SELECT count(*) AS n FROM \(identifier: schema).t").rows[0].decode(Int.self, "n")
            }
            #expect(count == 2)
            #expect(try await client.query("SELECT count(*) AS n FROM \(identifier: schema).t").rows[0].decode(Int.self, "n") == 2)
        }
    }

    @Test func aTransactionRollsBackAndRethrowsTheOriginalErrorWhenItsBodyThrows() async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY)")
            await #expect(throws: Boom()) {
                try await client.withTransaction { tx in
                    _ = try await tx.query("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    throw Boom()
                }
            }
            #expect(try await client.query("SELECT count(*) AS n FROM \(identifier: schema).t").rows[0].decode(Int.self, "n") == 0)
        }
    }

    @Test func aFailedStatementRollsBackTheWholeTransaction() async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY)")
            let error = await #expect(throws: PGError.self) {
                try await client.withTransaction { tx in
                    _ = try await tx.query("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    _ = try await tx.query("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                }
            }
            #expect(error?.code == .uniqueViolation)
            #expect(try await client.query("SELECT count(*) AS n FROM \(identifier: schema).t").rows[0].decode(Int.self, "n") == 0)
        }
    }

    @Test func aDuplicateKeyGivesAUniqueViolationThatIsNotTransient() async throws {
        try await TestDatabase.withSchema { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY)")
            _ = try await client.query("INSERT INTO \(identifier: schema).t VALUES (\(7))")
            let error = await #expect(throws: PGError.self) {
                try await client.query("INSERT INTO \(identifier: schema).t VALUES (\(7))")
            }
            #expect(error?.code == .uniqueViolation)
            #expect(error?.sqlState == "23505")
            #expect(error?.isTransient == false)
            #expect(error?.description.contains("duplicate key") == true)
        }
    }

    @Test func fiftyConcurrentQueriesShareAPoolOfFourConnections() async throws {
        let client = TestDatabase.makeClient(maxConnections: 4)
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for i in 0..<50 {
                group.addTask {
                    let row = try await client.query("SELECT pg_backend_pid() AS pid, \(i) AS i, pg_sleep(0.02)").rows[0]
                    #expect(try row.decode(Int.self, "i") == i)
                    return try row.decode(Int32.self, "pid")
                }
            }
            return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        await client.shutdown()
        #expect(pids.count <= 4)
        #expect(pids.count >= 2)
    }

    @Test func aCallerWaitsWhileEveryConnectionIsLeased() async throws {
        let client = TestDatabase.makeClient(maxConnections: 1)
        let clock = ContinuousClock()
        let start = clock.now
        async let holder: Void = client.withConnection { connection in
            _ = try await connection.query("SELECT 1")
            try await Task.sleep(for: .milliseconds(400))
        }
        try await Task.sleep(for: .milliseconds(50))
        _ = try await client.query("SELECT 1")
        let waited = clock.now - start
        try await holder
        await client.shutdown()
        #expect(waited >= .milliseconds(400))
    }

    @Test func aCancelledWaiterGivesUpWithoutLeakingItsPlace() async throws {
        let client = TestDatabase.makeClient(maxConnections: 1)
        async let holder: Void = client.withConnection { _ in try await Task.sleep(for: .milliseconds(300)) }
        try await Task.sleep(for: .milliseconds(50))
        let waiter = Task { try await client.query("SELECT 1") }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        try await holder
        #expect(try await client.query("SELECT 2 AS n").rows[0].decode(Int.self, "n") == 2)
        await client.shutdown()
    }

    @Test func cancellingTheTaskCancelsARunningQueryAndKeepsTheConnection() async throws {
        let client = TestDatabase.makeClient(maxConnections: 1)
        let pid = try await client.query("SELECT pg_backend_pid() AS pid").rows[0].decode(Int32.self, "pid")
        let clock = ContinuousClock()
        let start = clock.now
        let slow = Task { try await client.query("SELECT pg_sleep(30)") }
        try await Task.sleep(for: .milliseconds(200))
        slow.cancel()
        await #expect(throws: CancellationError.self) { try await slow.value }
        #expect(clock.now - start < .seconds(5))
        #expect(try await client.query("SELECT pg_backend_pid() AS pid").rows[0].decode(Int32.self, "pid") == pid)
        await client.shutdown()
    }

    @Test func aConnectionLeftInsideATransactionIsNotReused() async throws {
        let client = TestDatabase.makeClient(maxConnections: 1)
        let pid = try await client.withConnection { connection in
            _ = try await connection.query("BEGIN")
            return connection.backendPID
        }
        let next = try await client.query("SELECT pg_backend_pid() AS pid").rows[0].decode(Int32.self, "pid")
        #expect(next != pid)
        await client.shutdown()
    }

    @Test func aTerminatedBackendGivesATransientErrorAndTheNextQueryReconnects() async throws {
        let client = TestDatabase.makeClient(maxConnections: 1)
        let killer = TestDatabase.makeClient(maxConnections: 1)
        let pid = try await client.query("SELECT pg_backend_pid() AS pid").rows[0].decode(Int32.self, "pid")
        let killed = try await killer.query("SELECT pg_terminate_backend(\(pid), 5000) AS ok").rows[0].decode(Bool.self, "ok")
        #expect(killed)
        let error = await #expect(throws: PGError.self) { try await client.query("SELECT 1") }
        #expect(error?.isTransient == true)
        #expect(error?.code == .connectionLost)
        let next = try await client.query("SELECT pg_backend_pid() AS pid").rows[0].decode(Int32.self, "pid")
        #expect(next != pid)
        await killer.shutdown()
        await client.shutdown()
    }

    @Test func aBackendTerminatingItselfGivesATransientError() async throws {
        let client = TestDatabase.makeClient(maxConnections: 1)
        let error = await #expect(throws: PGError.self) { try await client.query("SELECT pg_terminate_backend(pg_backend_pid())") }
        #expect(error?.isTransient == true)
        #expect(try await client.query("SELECT 1 AS one").rows[0].decode(Int.self, "one") == 1)
        await client.shutdown()
    }

    @Test(arguments: [
        ("postgresql://qlvb:S3cretPassw0rd@127.0.0.1:1/qlvb", "127.0.0.1:1/qlvb"),
        ("host=127.0.0.1 port=1 user=qlvb password=S3cretPassw0rd dbname=qlvb", "127.0.0.1:1/qlvb"),
        ("postgresql://qlvb:S3cretPassw0rd@127.0.0.1:notaport/qlvb", "notaport"),
        ("postgresql://qlvb:S3cretPassw0rd@[::1/qlvb", "cannot connect to PostgreSQL"),
    ])
    func anUnreachableOrMalformedURLGivesAClearErrorWithoutThePassword(url: String, mentions: String) async throws {
        let client = PGClient(url: url, maxConnections: 1, logger: TestDatabase.logger)
        let error = await #expect(throws: PGError.self) { try await client.query("SELECT 1") }
        await client.shutdown()
        let text = try #require(error).description
        #expect(error?.code == .connectionFailed)
        #expect(error?.isTransient == true)
        #expect(text.contains("cannot connect to PostgreSQL at "))
        #expect(text.contains(mentions))
        #expect(!text.contains("S3cretPassw0rd"))
    }

    @Test func aShutDownClientRefusesNewWork() async throws {
        let client = TestDatabase.makeClient(maxConnections: 2)
        _ = try await client.query("SELECT 1")
        await client.shutdown()
        let error = await #expect(throws: PGError.self) { try await client.query("SELECT 1") }
        #expect(error?.code == .poolClosed)
    }

    @Test func runReturnsAndClosesTheClientWhenItsTaskIsCancelled() async throws {
        let client = TestDatabase.makeClient(maxConnections: 1)
        _ = try await client.query("SELECT 1")
        let running = Task { try await client.run() }
        try await Task.sleep(for: .milliseconds(50))
        running.cancel()
        try await running.value
        let error = await #expect(throws: PGError.self) { try await client.query("SELECT 1") }
        #expect(error?.code == .poolClosed)
    }
}
