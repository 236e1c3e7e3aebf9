import Foundation
import Testing
import Storage

/// Every PGEncodable/PGDecodable type through a real PostgreSQL, typed columns and NULLs included.
@Suite(.serialized) struct PGRoundTripTests {
    @Test func everySupportedTypeSurvivesARoundTripThroughTypedColumns() async throws {
        try await TestDatabase.withSchema { client, schema in
            _ = try await client.query("""
                CREATE TABLE \(identifier: schema).v (i bigint, i32 integer, i64 bigint, s text, b boolean, d double precision,
                    t timestamptz, u uuid, bytes bytea, data bytea, note text)
                """)
            let date = Date(timeIntervalSince1970: 1_767_323_045.123456)
            let uuid = UUID()
            let bytes = [UInt8](0...255)
            let data = Data("Sổ đăng ký".utf8)
            let note: String? = nil
            let inserted = try await client.query("""
                INSERT INTO \(identifier: schema).v VALUES (\(Int.min), \(Int32.max), \(Int64.max), \("Sổ đăng ký văn bản đến"),
                    \(true), \(Double.pi), \(date), \(uuid), \(bytes), \(data), \(note))
                """)
            #expect(inserted.affectedRows == 1)

            let row = try #require(try await client.query("SELECT * FROM \(identifier: schema).v").rows.first)
            #expect(try row.decode(Int.self, "i") == Int.min)
            #expect(try row.decode(Int32.self, "i32") == Int32.max)
            #expect(try row.decode(Int64.self, "i64") == Int64.max)
            #expect(try row.decode(String.self, "s") == "Sổ đăng ký văn bản đến")
            #expect(try row.decode(Bool.self, "b") == true)
            #expect(try row.decode(Double.self, "d") == Double.pi)
            #expect(try row.decode(Date.self, "t") == date)
            #expect(try row.decode(UUID.self, "u") == uuid)
            #expect(try row.decode([UInt8].self, "bytes") == bytes)
            #expect(try row.decode(Data.self, "data") == data)
            #expect(try row.decode(String?.self, "note") == nil)
            #expect(try row.decode(Date?.self, "t") == date)
        }
    }

    @Test func nullsDecodeAsNilAndRefuseNonOptionalTypes() async throws {
        let none: Int? = nil
        let row = try #require(try await TestDatabase.withSchema { client, _ in
            try await client.query("SELECT \(none)::int AS n, \(Date?.none)::timestamptz AS t, \(Data?.none)::bytea AS b").rows.first
        })
        #expect(try row.decode(Int?.self, "n") == nil)
        #expect(try row.decode(Date?.self, "t") == nil)
        #expect(try row.decode(Data?.self, "b") == nil)
        let error = #expect(throws: PGError.self) { try row.decode(Int.self, "n") }
        #expect(error?.code == .decoding)
        #expect(error?.message.contains("'n'") == true)
    }

    @Test(arguments: [
        "Sổ đăng ký văn bản đến", "Công văn số 123/UBND-VP ngày 02/01/2026", "x'; DROP TABLE docs; --",
        "Robert'); DROP TABLE students;--", "$1", "\\x00ff", "\"quoted\" and 'single'", "", "🇻🇳 emoji",
        "back\\slash", "line\nbreak\ttab", "' OR '1'='1",
    ])
    func textIsStoredExactlyAsGivenEvenWhenItLooksLikeSQL(text: String) async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, schema in
            _ = try await client.query("CREATE TABLE \(identifier: schema).docs (title text)")
            _ = try await client.query("INSERT INTO \(identifier: schema).docs (title) VALUES (\(text))")
            let rows = try await client.query("SELECT title FROM \(identifier: schema).docs WHERE title = \(text)").rows
            #expect(rows.count == 1)
            #expect(try rows.first?.decode(String.self, "title") == text)
        }
    }

    @Test(arguments: [0, -1.5, 1e-300, 123_456.789, Double.greatestFiniteMagnitude, .infinity, -.infinity])
    func doublesRoundTripExactly(value: Double) async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, _ in
            let row = try #require(try await client.query("SELECT \(value)::float8 AS d").rows.first)
            #expect(try row.decode(Double.self, "d") == value)
        }
    }

    @Test(arguments: [
        Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1_234_567.000001),
        Date(timeIntervalSince1970: 1_767_323_045.999999), Date(timeIntervalSince1970: 4_102_444_800.5),
    ])
    func timestamptzKeepsMicrosecondsAndMeansTheSameInstantOnTheServer(date: Date) async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, _ in
            let row = try #require(try await client.query("""
                SELECT \(date)::timestamptz AS t, extract(epoch FROM \(date)::timestamptz)::float8 AS epoch
                """).rows.first)
            #expect(try row.decode(Date.self, "t") == date)
            #expect(abs(try row.decode(Double.self, "epoch") - date.timeIntervalSince1970) < 0.000_001)
        }
    }

    @Test func emptyByteaAndBoolFalseRoundTrip() async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, _ in
            let row = try #require(try await client.query("SELECT \([UInt8]())::bytea AS e, \(false)::bool AS f").rows.first)
            #expect(try row.decode([UInt8].self, "e") == [])
            #expect(try row.decode(Bool.self, "f") == false)
        }
    }

    @Test func aNulByteInTextIsRejectedBeforeReachingTheServer() async throws {
        try await TestDatabase.withSchema(maxConnections: 1) { client, _ in
            let withNul = "a\u{0}b"
            let error = await #expect(throws: PGError.self) { try await client.query("SELECT \(withNul)") }
            #expect(error?.code == .invalidParameter)
            let one = try await client.query("SELECT 1 AS one").rows.first?.decode(Int.self, "one")
            #expect(one == 1)
        }
    }
}
