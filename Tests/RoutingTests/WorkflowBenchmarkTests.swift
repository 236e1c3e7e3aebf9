import Auth
import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Storage
import TestSupport
import XCTest

@testable import RoutingService

/// The workflow benchmark (Benchmarks/routing-bench): assignments per second through the HTTP routes with 50
/// leaders at once, and the inbox listing's latency for a user with 10,000 tasks. Skipped unless
/// `QLVB_ROUTING_BENCH=1`; requests go through the service's router in-process (no sockets), against the real
/// PostgreSQL, with the auth middleware and the outbox and audit writes of every assignment.
final class WorkflowBenchmarkTests: XCTestCase {
    static let env = ProcessInfo.processInfo.environment

    func testAssignmentRateAndInboxLatency() async throws {
        guard Self.env["QLVB_ROUTING_BENCH"] == "1" else { throw XCTSkip("set QLVB_ROUTING_BENCH=1 (Benchmarks/routing-bench)") }
        let users = Int(Self.env["QLVB_ROUTING_BENCH_USERS"] ?? "") ?? 50
        let assignments = Int(Self.env["QLVB_ROUTING_BENCH_ASSIGNMENTS"] ?? "") ?? 2000
        let inboxTasks = Int(Self.env["QLVB_ROUTING_BENCH_INBOX_TASKS"] ?? "") ?? 10_000
        let h = try await WorkflowHarness.make()
        let pool = PGClient(url: TestEnv.pgURL, maxConnections: 16, logger: TestEnv.logger)
        let env = WorkflowEnvironment(database: pool, outbox: h.outbox, schema: h.schema)
        let schema = h.schema, agency = h.agency

        // 50 leaders, each with their own token, and the documents waiting for them.
        var issued: [String] = []
        for i in 0..<users {
            let account = String(format: "bench%02d.ubnd", i)
            _ = try await pool.query("""
                INSERT INTO \(identifier: schema).users (account, agency, full_name, roles, password_hash)
                VALUES (\(account), \(agency), \("Lãnh đạo \(i)"), '{deputy}', NULL)
                """)
            issued.append(try await h.people.issuer.issue(Identity(account: account, agency: agency, roles: [.deputy]), ttl: .seconds(3600)))
        }
        let tokens = issued
        let documents = try await pool.query("""
            INSERT INTO \(identifier: schema).incoming_documents
                (document_id, agency, state, register, year, number, registered_at, edxml_document_id, sender_code, sender_name,
                 code_number, code_notation, promulgation_date, subject, correlation_id, submitted_by, submitted_at)
            SELECT gen_random_uuid(), \(agency), 'submitted', 'VBDEN', 2026, n, now(), 'B-' || n, '000.00.01.H53', 'Sở Tài chính',
                   n::text, 'STC-NS', now(), 'Văn bản ' || n, gen_random_uuid(), 'anhhtn.ubnd', now()
            FROM generate_series(1, \(assignments)) n RETURNING document_id
            """).rows.map { try $0.decode(UUID.self, "document_id") }
        // Baseline in the same run: bare one-row transactions (BEGIN, INSERT, COMMIT) by as many clients at once,
        // on the same pool: what PostgreSQL itself commits per second on this machine.
        _ = try await pool.query("CREATE TABLE \(identifier: schema).bench_baseline (id int PRIMARY KEY, note text)")
        let baselineStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for u in 0..<users {
                group.addTask {
                    for n in stride(from: u, to: assignments, by: users) {
                        try await pool.withTransaction { tx in
                            _ = try await tx.query("INSERT INTO \(identifier: schema).bench_baseline VALUES (\(n), \("giao việc"))")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let baselineRate = Double(assignments) / Self.seconds(ContinuousClock.now - baselineStart)
        print(String(format: "routing-bench: baseline, bare one-row commits by %d clients: %.1f /s", users, baselineRate))

        let routes = WorkflowWiring.routes(env: env, blobs: h.blobs)
        let app = h.people.application(routes)
        let main = h.people.specialists[0], co = h.people.specialists[1]
        let body = #"{"main": {"account": "\#(main)"}, "cooperating": [{"account": "\#(co)"}], "deadline": {"workingDays": 5}}"#

        let (elapsed, latencies) = try await app.test(.router) { client in
            let start = ContinuousClock.now
            let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
                for u in 0..<users {
                    group.addTask {
                        var mine: [Duration] = []
                        for d in stride(from: u, to: documents.count, by: users) {
                            let t0 = ContinuousClock.now
                            let status = try await client.execute(
                                uri: "/agencies/\(agency)/incoming/\(documents[d])/assign", method: .post,
                                headers: [.authorization: "Bearer \(tokens[u])", .contentType: "application/json"],
                                body: ByteBuffer(string: body)
                            ) { $0.status }
                            guard status == .ok else { throw TestFailure("assign answered \(status)") }
                            mine.append(ContinuousClock.now - t0)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            return (ContinuousClock.now - start, latencies)
        }
        let seconds = Self.seconds(elapsed)
        print(String(format: "routing-bench: %d assignments by %d leaders in %.2f s = %.1f assignments/s (ratio to bare commits %.2f; each: 2 tasks, 2 task.assigned, 1 status 04, audit); latency p50 %@ p99 %@",
            assignments, users, seconds, Double(assignments) / seconds, Double(assignments) / seconds / baselineRate,
            Self.ms(latencies, 0.50), Self.ms(latencies, 0.99)))

        // One user with 10,000 tasks (half still open), then the first page and a deep page of the inbox.
        _ = try await pool.query("""
            WITH d AS (
                INSERT INTO \(identifier: schema).incoming_documents (document_id, agency, state, number, registered_at, subject, correlation_id)
                SELECT gen_random_uuid(), \(agency), 'assigned', n, now(), 'Hộp công việc ' || n, gen_random_uuid()
                FROM generate_series(1, \(inboxTasks)) n RETURNING document_id, number)
            INSERT INTO \(identifier: schema).tasks (id, agency, document_id, assignee, role, state, deadline, assigned_by, assigned_at)
            SELECT gen_random_uuid(), \(agency), document_id, 'paosa.ubnd', 'main',
                   CASE WHEN number % 2 = 0 THEN 'assigned' ELSE 'completed' END, now() + interval '5 days', 'vietnd.ubnd',
                   now() - number * interval '1 minute'
            FROM d
            """)
        _ = try await pool.query("ANALYZE \(identifier: schema).tasks")
        let coToken = try XCTUnwrap(h.people.tokens[co])
        for (label, query) in [("first page, open", "limit=50"), ("first page, all", "state=all&limit=50"), ("page at offset 4950, open", "limit=50&offset=4950")] {
            let samples = try await app.test(.router) { client in
                var samples: [Duration] = []
                for _ in 0..<300 {
                    let t0 = ContinuousClock.now
                    let status = try await client.execute(
                        uri: "/agencies/\(agency)/inbox?\(query)", method: .get, headers: [.authorization: "Bearer \(coToken)"]) { $0.status }
                    guard status == .ok else { throw TestFailure("inbox answered \(status)") }
                    samples.append(ContinuousClock.now - t0)
                }
                return samples
            }
            print("routing-bench: inbox of a user with \(inboxTasks + assignments) tasks, \(label): p50 \(Self.ms(samples, 0.5)) p99 \(Self.ms(samples, 0.99))")
        }
        await pool.shutdown()
        await h.cleanUp()
    }

    static func ms(_ samples: [Duration], _ q: Double) -> String {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return "-" }
        let d = sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
        return String(format: "%.2f ms", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
