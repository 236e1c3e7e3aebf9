import Foundation
import Testing
@testable import Storage

@Suite struct PGQueryTests {
    @Test func interpolatedValuesBecomeNumberedBindParameters() {
        let name: String? = nil
        let query: PGQuery = "SELECT * FROM t WHERE id = \(42) AND n = \("Sổ đến") AND o = \(name)"
        #expect(query.sql == "SELECT * FROM t WHERE id = $1 AND n = $2 AND o = $3")
        #expect(query.binds == ["42", "Sổ đến", nil])
    }

    @Test func injectionLookingTextStaysABindValue() {
        let evil = "x'; DROP TABLE t; --"
        let query: PGQuery = "SELECT \(evil)"
        #expect(query.sql == "SELECT $1")
        #expect(query.binds == [evil])
    }

    @Test func unsafeAndIdentifierInterpolationsWriteIntoTheSQL() {
        let query: PGQuery = "SELECT * FROM \(unsafe: "numbering").t JOIN \(identifier: "we\"ird") ON x = \(1)"
        #expect(query.sql == "SELECT * FROM numbering.t JOIN \"we\"\"ird\" ON x = $1")
        #expect(PGQuery(unsafeSQL: "SELECT $1", binds: ["a"]).binds == ["a"])
    }

    @Test func descriptionShowsSQLButNotBindValues() {
        let query: PGQuery = "SELECT \("secret-value")"
        #expect(query.description == "SELECT $1")
    }

    @Test(arguments: [
        (Date(timeIntervalSince1970: 0), "1970-01-01T00:00:00.000000Z"),
        (Date(timeIntervalSince1970: 1_767_323_045.123456), "2026-01-02T03:04:05.123456Z"),
        (Date(timeIntervalSince1970: -0.5), "1969-12-31T23:59:59.500000Z"),
        (Date(timeIntervalSince1970: 951_782_400), "2000-02-29T00:00:00.000000Z"),
    ])
    func datesEncodeAsUTCISO8601WithMicroseconds(date: Date, text: String) {
        #expect(date.pgText == text)
    }

    @Test(arguments: [
        "2026-01-02 03:04:05.123456+00", "2026-01-02 10:04:05.123456+07", "2026-01-02 10:04:05.123456+07:00",
        "2026-01-01 21:34:05.123456-05:30", "2026-01-02T03:04:05.123456Z", "2026-01-02 03:04:05.123456",
        "2026-01-02 03:04:05.123456789+00",
    ])
    func timestampTextDecodesToTheSameInstant(text: String) throws {
        let expected = Date(timeIntervalSince1970: 1_767_323_045.123456)
        #expect(try Date(pgText: text) == expected)
    }

    @Test func dateOnlyTextDecodesToUTCMidnight() throws {
        #expect(try Date(pgText: "2026-01-02") == Date(timeIntervalSince1970: 1_767_312_000))
    }

    @Test(arguments: ["infinity", "2026-13-01 00:00:00+00", "0044-03-15 00:00:00+00 BC", "yesterday"])
    func impossibleTimestampsFailToDecode(text: String) {
        #expect(throws: PGError.self) { try Date(pgText: text) }
    }

    @Test func byteaUsesHexFormatBothWays() throws {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xff]
        #expect(bytes.pgText == "\\x00017f80ff")
        #expect(try [UInt8](pgText: "\\x00017F80ff") == bytes)
        #expect(try Data(pgText: "\\x") == Data())
        #expect(throws: PGError.self) { try [UInt8](pgText: "\\x0g") }
        #expect(throws: PGError.self) { try [UInt8](pgText: "abc") }
    }

    @Test func scalarsUsePostgresTextSpellings() throws {
        #expect(true.pgText == "true")
        #expect(try Bool(pgText: "t") && !(try Bool(pgText: "f")))
        #expect(Double.infinity.pgText == "Infinity" && (-Double.infinity).pgText == "-Infinity")
        #expect(try Double(pgText: "NaN").isNaN)
        #expect(try Double(pgText: "-Infinity") == -.infinity)
        #expect(Int?.none.pgText == nil)
        #expect(UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!.pgText == "6f9619ff-8b86-d011-b42d-00c04fc964ff")
    }

    @Test func nullDecodesAsNilOnlyForOptionals() throws {
        let row = PGRow(columns: ["id", "note"], values: ["7", nil])
        #expect(try row.decode(Int.self, "id") == 7)
        #expect(try row.decode(String?.self, "note") == nil)
        #expect(try row.decode(Int?.self, at: 0) == 7)
        #expect(row["note"] == nil && row["id"] == "7")
        let error = #expect(throws: PGError.self) { try row.decode(String.self, "note") }
        #expect(error?.code == .decoding)
        #expect(error?.message.contains("'note'") == true)
        #expect(throws: PGError.self) { try row.decode(Int.self, "missing") }
        #expect(throws: PGError.self) { try row.decode(Int.self, at: 5) }
    }

    @Test func decodingErrorsNameTheColumn() {
        let row = PGRow(columns: ["count"], values: ["many"])
        let error = #expect(throws: PGError.self) { try row.decode(Int.self, "count") }
        #expect(error?.message == "column 'count': cannot decode 'many' as Int")
    }

    @Test(arguments: [
        ("postgresql://qlvb:secret@127.0.0.1:1/qlvb", "postgresql://qlvb:***@127.0.0.1:1/qlvb"),
        ("postgresql://qlvb@127.0.0.1/qlvb", "postgresql://qlvb@127.0.0.1/qlvb"),
        ("host=x password=secret dbname=y", "host=x password=*** dbname=y"),
    ])
    func urlsAreRedactedBeforeTheyReachAnError(url: String, redacted: String) {
        #expect(PGConnection.redactURL(url) == redacted)
    }

    @Test func transientErrorsAreTheOnesWorthRetrying() {
        #expect(PGError(code: .connectionLost, message: "").isTransient)
        #expect(PGError(code: .connectionFailed, message: "").isTransient)
        #expect(PGError(code: .queryFailed, sqlState: "57P01", message: "").isTransient)
        #expect(PGError(code: .queryFailed, sqlState: "53300", message: "").isTransient)
        #expect(PGError(code: .serializationFailure, sqlState: "40001", message: "").isTransient)
        #expect(!PGError(code: .uniqueViolation, sqlState: "23505", message: "").isTransient)
        #expect(!PGError(code: .queryFailed, sqlState: "42601", message: "").isTransient)
        #expect(!PGError(code: .poolClosed, message: "").isTransient)
    }

    @Test func migrationChecksumInputIsAValidTextArrayLiteral() {
        #expect(Migrator.textArray(["a", "b\"c", "d\\e"]) == #"{"a","b\"c","d\\e"}"#)
    }
}
