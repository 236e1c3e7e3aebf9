import Foundation
import HTTPTypes
import Hummingbird
import Storage
import TestSupport
import XCTest

@testable import RoutingService

/// The audit log is append-only, chained by SHA-256, never forks, and any tampering is found with its entry number.
final class AuditLogTests: XCTestCase {
    static func append(_ f: PeopleFixtures, _ n: Int, agency: String = PeopleFixtures.agency) async throws {
        for i in 1...n {
            _ = try await f.database.withTransaction { tx in
                try await AuditLog.append(
                    AuditEntry(actor: "vietnd.ubnd", onBehalfOf: i % 2 == 0 ? "doanlv.ubnd" : nil, agency: agency, action: "test.action",
                               subject: "văn bản \(i)", details: ["số": "\(i)", "ghi chú": "Đã xử lý; \"trích dẫn\""], source: "203.0.113.7; test"),
                    schema: f.schema, in: tx)
            }
        }
    }

    /// Statements as the table's owner would type them in psql, behind the application's back.
    static func run(_ f: PeopleFixtures, _ statements: [String]) async throws {
        for sql in statements { _ = try await f.database.query(PGQuery(unsafeSQL: sql)) }
    }

    func verify(_ f: PeopleFixtures) async throws -> AuditVerification {
        try await AuditLog.verify(schema: f.schema, database: f.database)
    }

    func testEntriesAreChainedFromTheFirst() async throws {
        try await withPeople { f in
            try await Self.append(f, 3)
            let entries = try await f.auditEntries()
            XCTAssertEqual(entries.map(\.sequence), [1, 2, 3])
            XCTAssertEqual(entries[0].previousHash, String(repeating: "0", count: 64))
            XCTAssertEqual(entries[1].previousHash, entries[0].hash)
            XCTAssertEqual(entries[2].previousHash, entries[1].hash)
            XCTAssertEqual(entries[1].entry.onBehalfOf, "doanlv.ubnd")
            XCTAssertEqual(entries[1].entry.details["ghi chú"], "Đã xử lý; \"trích dẫn\"")
            // The stored hash is SHA-256(previous ‖ canonical bytes), re-computable by anyone.
            let result = try await verify(f)
            XCTAssertEqual(result, AuditVerification(count: 3, firstBroken: nil, reason: nil, lastHash: entries[2].hash, rowsRead: 3))
        }
    }

    func testTheTableRefusesUpdateDeleteAndTruncate() async throws {
        try await withPeople { f in
            try await Self.append(f, 2)
            for sql in ["UPDATE \(f.audit).audit_log SET subject = 'x' WHERE seq = 1", "DELETE FROM \(f.audit).audit_log WHERE seq = 2",
                        "TRUNCATE \(f.audit).audit_log"] {
                do {
                    _ = try await f.database.query(PGQuery(unsafeSQL: sql))
                    XCTFail("allowed: \(sql)")
                } catch let error as PGError {
                    XCTAssertTrue(error.message.contains("append-only"), "\(error)")
                }
            }
            try await assertEqual(try await verify(f).count, 2)
        }
    }

    func testAnEditBehindTheTriggersBackIsFoundWithItsEntryNumber() async throws {
        try await withPeople { f in
            try await Self.append(f, 5)
            try await Self.run(f, [
                "ALTER TABLE \(f.audit).audit_log DISABLE TRIGGER audit_log_no_update_delete",
                #"UPDATE \#(f.audit).audit_log SET details = '{"số": "999"}' WHERE seq = 3"#,
                "ALTER TABLE \(f.audit).audit_log ENABLE TRIGGER audit_log_no_update_delete",
            ])
            let result = try await verify(f)
            XCTAssertEqual(result.firstBroken, 3)
            XCTAssertEqual(result.count, 2)
            XCTAssertTrue(result.reason?.contains("entry 3 was altered") == true, result.reason ?? "")
            // The operator's command says the same and fails.
            let env = ["QLVB_ROUTING_PG_URL": TestEnv.pgURL]
            let exit = await AuditCommand.run(["verify", "--schema", f.schema], environment: env)
            XCTAssertEqual(exit, 1)
            XCTAssertTrue(AuditCommand.report(result, schema: f.schema).hasPrefix("BROKEN: schema \(f.schema), entry 3:"))
        }
    }

    func testDeletedAndForgedEntriesAreFound() async throws {
        try await withPeople { f in
            try await Self.append(f, 4)
            // A forged entry appended by hand, chained to the real last hash but with a made-up own hash.
            let last = try await f.auditEntries().last!
            _ = try await f.database.query("""
                INSERT INTO \(identifier: f.audit).audit_log (seq, at, actor, agency, action, subject, previous_hash, hash)
                VALUES (5, now(), 'ke.gian', \(PeopleFixtures.agency), 'user.create', 'x', decode(\(last.hash), 'hex'), '\\x00')
                """)
            try await assertEqual(try await verify(f).firstBroken, 5)

            try await Self.run(f, [
                "ALTER TABLE \(f.audit).audit_log DISABLE TRIGGER USER",
                "DELETE FROM \(f.audit).audit_log WHERE seq IN (2, 5)",
                "ALTER TABLE \(f.audit).audit_log ENABLE TRIGGER USER",
            ])
            let result = try await verify(f)
            XCTAssertEqual(result.firstBroken, 2)
            XCTAssertTrue(result.reason?.contains("entry 2 is missing") == true, result.reason ?? "")
        }
    }

    func testConcurrentAppendsNeverForkTheChain() async throws {
        try await withPeople { f in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { try await Self.append(f, 6) } }
                try await group.waitForAll()
            }
            let result = try await verify(f)
            XCTAssertEqual(result.count, 24)
            XCTAssertNil(result.firstBroken)
            let exit = await AuditCommand.run(["verify", "--schema", f.schema], environment: ["QLVB_ROUTING_PG_URL": TestEnv.pgURL])
            XCTAssertEqual(exit, 0)
            try await assertEqual(await AuditCommand.run(["check"], environment: [:]), 2)
        }
    }

    func testTheHeadReadsHisAgencysEntriesAndVerifiesTheChain() async throws {
        try await withPeople { f in
            try await Self.append(f, 3)
            try await Self.append(f, 2, agency: PeopleFixtures.otherAgency)
            let page = try await f.send(.get, "\(f.base)/audit?limit=2", as: f.head)
            XCTAssertEqual(page.status, .ok, page.text)
            let items = try XCTUnwrap(page.object["items"] as? [[String: Any]])
            XCTAssertEqual(items.map { $0["subject"] as? String }, ["văn bản 3", "văn bản 2"])
            XCTAssertEqual(items[0]["source"] as? String, "203.0.113.7; test")
            XCTAssertEqual(items[1]["onBehalfOf"] as? String, "doanlv.ubnd")
            let next = try XCTUnwrap(page.object["nextBefore"] as? Int)
            let older = try await f.send(.get, "\(f.base)/audit?limit=2&before=\(next)", as: f.head)
            XCTAssertEqual((older.object["items"] as? [[String: Any]])?.map { $0["subject"] as? String }, ["văn bản 1"])
            try await assertEqual(try await f.send(.get, "\(f.base)/audit?limit=0", as: f.head).status, .badRequest)

            let verified = try await f.send(.get, "\(f.base)/audit/verify", as: f.admin)
            XCTAssertEqual(verified.object["count"] as? Int, 5)
            XCTAssertNil(verified.object["firstBroken"] as? Int)
            try await assertEqual(try await f.send(.get, "\(f.base)/audit/verify", as: f.deputy).status, .forbidden)

            // An action through the API records the client address and agent.
            var headers = HTTPFields()
            headers[RequestSource.forwardedFor] = "198.51.100.4, 10.0.0.1"
            headers[.userAgent] = "QLVB-Web/1.0"
            let created = try await f.send(.post, "\(f.base)/departments", token: f.tokens[f.head],
                                           json: PeopleFixtures.json(["name": "Phòng Kế hoạch"]), headers: headers)
            XCTAssertEqual(created.status, .created)
            let entry = try await f.auditEntries().last!
            XCTAssertEqual(entry.entry.action, "department.create")
            XCTAssertEqual(entry.entry.source, "198.51.100.4; QLVB-Web/1.0")
            XCTAssertEqual(entry.entry.actor, f.head)
        }
    }

    /// The audit source keeps the connection's address next to the one a header reports: a header is whatever the
    /// sender wrote.
    func testTheSourceNamesThePeerAndTheReportedClient() {
        func request(_ fields: [(String, String)]) -> Request {
            var headers = HTTPFields()
            for (name, value) in fields { headers[HTTPField.Name(name)!] = value }
            return Request(
                head: HTTPRequest(method: .post, scheme: "http", authority: "qlvb", path: "/x", headerFields: headers),
                body: .init(buffer: ByteBuffer()))
        }
        let proxied = request([("X-Forwarded-For", "198.51.100.4, 10.0.0.1"), ("User-Agent", "QLVB-Web/1.0")])
        XCTAssertEqual(RequestSource.of(proxied, peer: "10.0.0.5"), "198.51.100.4 via 10.0.0.5; QLVB-Web/1.0")
        XCTAssertEqual(RequestSource.of(request([("X-Real-IP", "203.0.113.9")]), peer: "10.0.0.5"), "203.0.113.9 via 10.0.0.5")
        XCTAssertEqual(RequestSource.of(request([("User-Agent", "curl/8")]), peer: "203.0.113.7"), "203.0.113.7; curl/8")
        XCTAssertEqual(RequestSource.of(request([("X-Forwarded-For", "203.0.113.7")]), peer: "203.0.113.7"), "203.0.113.7")
        XCTAssertNil(RequestSource.of(request([]), peer: nil))
    }
}
