import Foundation
import Testing

@testable import Storage

/// Automatic preparation against a real PostgreSQL: what the server holds, and that results do not change.
@Suite(.serialized) struct PGStatementCacheTests {
    static func prepared(_ client: PGClient, like pattern: String) async throws -> Int {
        try await client.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE \(pattern)")
            .rows[0].decode(Int.self, "n")
    }

    /// A statement is prepared on its second run and then used: the server lists it, with one generic parse.
    @Test func aStatementRunTwiceIsPreparedOnceAndKeepsItsResults() async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY, name text)")
            for i in 1...5 {
                _ = try await client.query("INSERT INTO \(identifier: schema).t VALUES (\(i), \("người \(i)"))")
                #expect(try await Self.prepared(client, like: "INSERT INTO%") == (i == 1 ? 0 : 1))
            }
            let names = try await (1...5).asyncMap { i in
                try await client.query("SELECT name FROM \(identifier: schema).t WHERE id = \(i)").rows[0].decode(String.self, "name")
            }
            #expect(names == (1...5).map { "người \($0)" })
            #expect(try await Self.prepared(client, like: "SELECT name FROM%") == 1)
        }
    }

    /// A prepared statement outlives a rolled-back transaction, and one prepared inside a failed transaction reports
    /// the statement's own error, not a preparation error.
    @Test func preparedStatementsSurviveRollbacksAndFailuresKeepTheirCodes() async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY)")
            for i in 1...2 {
                await #expect(throws: Boom()) {
                    try await client.withTransaction { tx in
                        _ = try await tx.query("INSERT INTO \(identifier: schema).t VALUES (\(i))")
                        throw Boom()
                    }
                }
            }
            _ = try await client.query("INSERT INTO \(identifier: schema).t VALUES (\(1))")
            let error = await #expect(throws: PGError.self) {
                _ = try await client.query("INSERT INTO \(identifier: schema).t VALUES (\(1))")
            }
            #expect(error?.code == .uniqueViolation)
            #expect(try await client.query("SELECT count(*) AS n FROM \(identifier: schema).t").rows[0].decode(Int.self, "n") == 1)
        }
    }

    /// Statements built with literals are never prepared, and the server never holds more than the bound.
    @Test func theCacheIsBounded() {
        var cache = PGStatementCache()
        for i in 0..<(PGStatementCache.maxPrepared + 50) {
            let sql = "SELECT \(i)"
            #expect(cache.shouldPrepare(sql) == nil, "first run")
            if let name = cache.shouldPrepare(sql) { cache.prepared(sql, as: name) }
        }
        #expect((0..<PGStatementCache.maxPrepared).allSatisfy { cache.name(for: "SELECT \($0)") != nil })
        #expect(cache.name(for: "SELECT \(PGStatementCache.maxPrepared)") == nil)
        for i in 0..<(PGStatementCache.maxSeen * 2) { _ = cache.shouldPrepare("SELECT 'literal \(i)'") }
        #expect(cache.name(for: "SELECT 'literal 0'") == nil)
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
