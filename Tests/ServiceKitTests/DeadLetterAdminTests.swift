import AMQP
import Auth
import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Messaging
import ServiceKit
import Storage
import TestSupport
import Testing

/// The admin API and `qlvbctl dead-letters`, against a live HTTP server, the real broker and database.
@Suite(.serialized) struct DeadLetterAdminTests {
    static let qlvbctl = TestEnv.binDirectory.appendingPathComponent("qlvbctl").path

    struct Fixture {
        let id = TestEnv.uniqueName("dl")
        let database = PGClient(url: TestEnv.pgURL, maxConnections: 4, logger: TestEnv.logger)
        let publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "dl-admin-test", logger: TestEnv.logger)
        let keys = AuthKeys.generate()
        var queue: String { "\(id).document.received" }
        var store: DeadLetterStore { DeadLetterStore(schema: id, database: database) }

        func token(_ roles: Set<Role>, account: String = "quantri.qtht") async throws -> String {
            try await TokenIssuer(privateKeyPEM: keys.privatePEM).issue(
                Identity(account: account, agency: "000.00.00.H52", roles: roles), ttl: .seconds(600))
        }

        func setUp(deadLetters n: Int) async throws {
            try await Migrator(schema: id, migrations: MessagingMigrations.all, logger: TestEnv.logger).migrate(on: database)
            let c = try AMQPConnection(endpoint: TestEnv.endpoint)
            defer { c.close() }
            try c.declareQueue(queue, arguments: ["x-queue-type": .string("quorum")])
            for i in 0..<n {
                let e = Envelope(type: "document.received", version: 1, correlationId: UUID(), agency: "000.00.00.H52", payload: .object(["n": .number(Double(i))]))
                try await store.ingest(Delivery(
                    queue: "\(queue).dlq", exchange: "", routingKey: "\(queue).dlq", body: Array(try e.encoded()),
                    messageId: e.id.uuidString.lowercased(), type: e.type, correlationId: nil, contentType: "application/json",
                    headers: [
                        DeadLetterHeaders.originalQueue: .string(queue), DeadLetterHeaders.attempts: .int(4),
                        DeadLetterHeaders.lastError: .string(i < n - 1 ? "register \(i) of agency is closed" : "payload unreadable"),
                        DeadLetterHeaders.errorClass: .string(i < n - 1 ? "transient" : "permanent"),
                        DeadLetterHeaders.failedAt: .string(ContractCoding.formatTimestamp(Date())),
                    ],
                    redelivered: false, deliveryTag: UInt64(i), connectionGeneration: 0))
            }
        }

        func app() throws -> some ApplicationProtocol {
            let runner = ReplayRunner(store: store, publisher: publisher, queues: QueueProbe(endpoint: TestEnv.endpoint), poll: .milliseconds(200), logger: TestEnv.logger)
            let routes = DeadLetterRoutes(store: store, runner: runner, queues: QueueProbe(endpoint: TestEnv.endpoint))
            let router = makeHTTPRouter(service: "numbering", readiness: Readiness(), tokenVerifier: try TokenVerifier(publicKeyPEM: keys.publicPEM), logger: TestEnv.logger) {
                routes.add(to: $0)
            }
            return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), services: [runner], logger: TestEnv.logger)
        }

        func cleanUp() async {
            if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) { try? c.deleteQueue(queue); c.close() }
            _ = try? await database.query("DROP SCHEMA \(identifier: id) CASCADE")
            await publisher.close(grace: .seconds(2))
            await database.shutdown()
        }

        /// qlvbctl against the live server, off the cooperative pool (it blocks until the tool exits).
        func ctl(_ port: Int, token: String, _ args: [String]) async throws -> ToolOutput {
            let tool = DeadLetterAdminTests.qlvbctl
            let full = args + ["--url", "numbering=http://127.0.0.1:\(port)", "--token", token]
            return try await withCheckedThrowingContinuation { c in
                Thread { c.resume(with: Result { try runTool(tool, full) }) }.start()
            }
        }
    }

    @Test("Only an admin reaches the dead letters: no token 401, a clerk 403")
    func onlyAdmins() async throws {
        let f = Fixture()
        try await f.setUp(deadLetters: 1)
        let clerk = try await f.token([.clerk]), admin = try await f.token([.admin])
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/admin/dead-letters", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/admin/dead-letters", method: .get, headers: [.authorization: "Bearer \(clerk)"]) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/admin/dead-letters?state=dead", method: .get, headers: [.authorization: "Bearer \(admin)"]) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains(f.queue))
            }
            try await client.execute(uri: "/admin/dead-letters?from=yesterday", method: .get, headers: [.authorization: "Bearer \(admin)"]) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains(#""code":"invalid_parameter""#), "the one error body")
            }
            try await client.execute(
                uri: "/admin/dead-letters/discard", method: .post, headers: [.authorization: "Bearer \(admin)"],
                body: ByteBuffer(string: #"{"filter": {}, "reason": ""}"#)
            ) { #expect($0.status == .unprocessableContent) }
            try await client.execute(
                uri: "/admin/dead-letters/replays", method: .post, headers: [.authorization: "Bearer \(admin)"],
                body: ByteBuffer(string: #"{"filter": {}, "targetQueue": "no.such.queue"}"#)
            ) { #expect($0.status == .unprocessableContent) }
        }
        await f.cleanUp()
    }

    @Test("qlvbctl groups, replays a group with progress, discards the rest with a reason, and shows the audit")
    func qlvbctlEndToEnd() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.qlvbctl) else { throw TestFailure("build qlvbctl first: \(Self.qlvbctl)") }
        let f = Fixture()
        try await f.setUp(deadLetters: 6)
        let admin = try await f.token([.admin], account: "hungnv.qtht")
        try await f.app().test(.live) { client in
            let port = client.port!
            let groups = try await f.ctl(port, token: admin, ["dead-letters", "groups"])
            #expect(groups.status == 0, "\(groups.all)")
            #expect(groups.stdout.contains("6 waiting in 2 group(s)"), "\(groups.stdout)")
            // The biggest group first: 5 "register # of agency is closed".
            let lines = groups.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("5 ") == true)
            let key = try #require(lines.first { $0.contains("--group ") }?.components(separatedBy: "--group ").last)

            let replay = try await f.ctl(port, token: admin, ["dead-letters", "replay", "--group", key, "--rate", "50", "--wait"])
            #expect(replay.status == 0, "\(replay.all)")
            #expect(replay.stdout.contains("started for 5 message(s)"), "\(replay.stdout)")
            #expect(replay.stdout.contains("done 5/5"), "\(replay.stdout)")

            let c = try AMQPConnection(endpoint: TestEnv.endpoint)
            defer { c.close() }
            #expect(try await eventually { try c.messageCount(f.queue) == 5 })

            let unsure = try await f.ctl(port, token: admin, ["dead-letters", "discard", "--all-matching", "--state", "dead"])
            #expect(unsure.status != 0, "no --reason: refused")
            let discard = try await f.ctl(port, token: admin, ["dead-letters", "discard", "--all-matching", "--reason", "sender re-sent a corrected packet"])
            #expect(discard.status == 0, "\(discard.all)")
            #expect(discard.stdout.contains("numbering: 1 discarded"))

            let audit = try await f.ctl(port, token: admin, ["dead-letters", "audit"])
            #expect(audit.stdout.contains("hungnv.qtht  replay  5"), "\(audit.stdout)")
            #expect(audit.stdout.contains("hungnv.qtht  discard  1  (sender re-sent a corrected packet)"), "\(audit.stdout)")

            let missing = try await f.ctl(port, token: admin, ["dead-letters", "show", UUID().uuidString])
            #expect(missing.status == 1 && missing.stderr.contains("not found"), "\(missing.all)")
        }
        // The replayed copies carry where they came from and start with fresh attempts.
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        try c.qos(prefetch: 10)
        try c.consume(queue: f.queue, consumerTag: "check")
        let first = try #require(try c.nextDelivery(timeout: .seconds(5), generation: 0)).delivery
        #expect(first.headers[DeadLetterHeaders.replayedFrom] != nil)
        #expect(first.headers[DeadLetterHeaders.attempts] == nil)
        c.close()
        await f.cleanUp()
    }
}
