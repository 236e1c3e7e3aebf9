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

        /// A queue of another service (say, signing's), which no replay of this one may reach.
        var foreignQueue: String { "\(id).signing.requested" }

        func token(_ roles: Set<Role>, account: String = "quantri.qtht", agency: String = "000.00.00.H52") async throws -> String {
            try await TokenIssuer(privateKeyPEM: keys.privatePEM).issue(
                Identity(account: account, agency: agency, roles: roles), ttl: .seconds(600))
        }

        /// One more dead letter: an envelope of `agency` (dead-lettered from `origin`, this service's queue by default).
        @discardableResult
        func ingest(agency: String, type: String = "document.received", origin: String? = nil) async throws -> UUID {
            let e = Envelope(type: type, version: 1, correlationId: UUID(), agency: agency, payload: .object(["n": .number(1)]))
            try await store.ingest(Delivery(
                queue: "\(queue).dlq", exchange: "", routingKey: "\(queue).dlq", body: Array(try e.encoded()),
                messageId: e.id.uuidString.lowercased(), type: e.type, correlationId: nil, contentType: "application/json",
                headers: [
                    DeadLetterHeaders.originalQueue: .string(origin ?? queue), DeadLetterHeaders.attempts: .int(1),
                    DeadLetterHeaders.lastError: .string("expected a document.received message"),
                    DeadLetterHeaders.errorClass: .string("permanent"),
                    DeadLetterHeaders.failedAt: .string(ContractCoding.formatTimestamp(Date())),
                ],
                redelivered: false, deliveryTag: 0, connectionGeneration: 0))
            return try #require(try await store.list(DeadLetterFilter()).first { $0.messageId == e.id.uuidString.lowercased() }).id
        }

        func setUp(deadLetters n: Int) async throws {
            try await Migrator(schema: id, migrations: MessagingMigrations.all, logger: TestEnv.logger).migrate(on: database)
            let c = try AMQPConnection(endpoint: TestEnv.endpoint)
            defer { c.close() }
            try c.declareQueue(queue, arguments: ["x-queue-type": .string("quorum")])
            try c.declareQueue(foreignQueue, arguments: ["x-queue-type": .string("quorum")])
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
            let queue = self.queue
            let runner = ReplayRunner(
                store: store, publisher: publisher, queues: QueueProbe(endpoint: TestEnv.endpoint), ownQueues: { [queue] },
                poll: .milliseconds(200), logger: TestEnv.logger)
            let routes = DeadLetterRoutes(store: store, runner: runner, queues: QueueProbe(endpoint: TestEnv.endpoint))
            let router = makeHTTPRouter(service: "numbering", readiness: Readiness(), tokenVerifier: try TokenVerifier(publicKeyPEM: keys.publicPEM), logger: TestEnv.logger) {
                routes.add(to: $0)
            }
            return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), services: [runner], logger: TestEnv.logger)
        }

        func cleanUp() async {
            if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) { try? c.deleteQueue(queue); try? c.deleteQueue(foreignQueue); c.close() }
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
            // A time PostgreSQL cannot take (year 1, found by schemathesis) is the caller's mistake, not a 500.
            try await client.execute(
                uri: "/admin/dead-letters?from=0001-01-01T00%3A00%3A02Z", method: .get, headers: [.authorization: "Bearer \(admin)"]
            ) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains(#""code":"invalid_parameter""#))
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

    // MARK: An agency's admin reaches its own agency's dead letters only

    static let own = "000.00.00.H52", other = "000.00.12.H52"

    func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String, body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, text: String) {
        try await client.execute(
            uri: uri, method: method, headers: [.authorization: "Bearer \(token)"], body: body.map { ByteBuffer(string: $0) }
        ) { ($0.status, String(buffer: $0.body).lowercased()) }  // lowercased: ids are compared whatever their case
    }

    @Test("Another agency's admin can neither read, edit, discard nor replay a dead letter; the operator sees them all")
    func crossAgencyRefused() async throws {
        let f = Fixture()
        try await f.setUp(deadLetters: 2)  // both of 000.00.00.H52
        let theirs = try await f.ingest(agency: Self.other)
        let ours = try #require(try await f.store.list(DeadLetterFilter()).first { $0.agency == Self.own }).id
        let intruder = try await f.token([.admin], account: "quantri.stc", agency: Self.other)
        let admin = try await f.token([.admin]), op = try await f.token([.operator], account: "vanhanh.ubnd")
        try await f.app().test(.router) { client in
            let list = try await send(client, .get, "/admin/dead-letters", token: intruder)
            #expect(list.status == .ok)
            #expect(!list.text.contains(ours.uuidString.lowercased()) && list.text.contains(theirs.uuidString.lowercased()), "\(list.text)")
            #expect(try await send(client, .get, "/admin/dead-letters/groups", token: intruder).text.contains(#""count":1"#))
            // Read: another agency's message body is "not found", as if it did not exist.
            let read = try await send(client, .get, "/admin/dead-letters/\(ours)", token: intruder)
            #expect(read.status == .notFound, "\(read.text)")
            #expect(!read.text.contains("000.00.00.h52"))
            // Edit.
            let letter = try #require(try await f.store.get(ours))
            let body = try #require(String(data: try ContractCoding.encoder().encode(letter.payload), encoding: .utf8))
            let edit = try await send(client, .put, "/admin/dead-letters/\(ours)/body", token: intruder, body: body)
            #expect(edit.status == .notFound, "\(edit.text)")
            // Discard and replay, by id or by a filter that would match it.
            let discard = try await send(
                client, .post, "/admin/dead-letters/discard", token: intruder, body: #"{"ids": ["\#(ours)"], "reason": "not mine"}"#)
            #expect(discard.text.contains(#""count":0"#), "\(discard.text)")
            let replay = try await send(client, .post, "/admin/dead-letters/replays", token: intruder, body: #"{"ids": ["\#(ours)"]}"#)
            #expect(replay.status == .unprocessableContent, "\(replay.text)")
            let replayAll = try await send(client, .post, "/admin/dead-letters/replays", token: intruder, body: #"{"filter": {}}"#)
            #expect(replayAll.status == .accepted, "\(replayAll.text)")
            #expect(replayAll.text.contains(#""total":1"#), "only their own: \(replayAll.text)")
            let audit = try await send(client, .get, "/admin/dead-letters/actions", token: admin)
            #expect(!audit.text.contains("quantri.stc"), "another agency's actions are not ours to read: \(audit.text)")

            #expect(try await f.store.get(ours)?.state == .dead, "untouched")
            #expect(try await send(client, .get, "/admin/dead-letters/\(ours)", token: admin).status == .ok, "its own admin reads it")
            #expect(try await send(client, .get, "/admin/dead-letters/\(theirs)", token: admin).status == .notFound)
            let all = try await send(client, .get, "/admin/dead-letters", token: op)
            #expect(all.text.contains(ours.uuidString.lowercased()) && all.text.contains(theirs.uuidString.lowercased()), "the operator sees all")
        }
        await f.cleanUp()
    }

    @Test("An edit keeps the event type and the agency: no turning a dead letter into a signing.requested")
    func editKeepsTypeAndAgency() async throws {
        let f = Fixture()
        try await f.setUp(deadLetters: 1)
        let id = try #require(try await f.store.list(DeadLetterFilter()).first).id
        let admin = try await f.token([.admin]), op = try await f.token([.operator], account: "vanhanh.ubnd")
        let letter = try #require(try await f.store.get(id))
        guard case .object(let fields)? = letter.payload else { throw TestFailure("not an envelope: \(String(describing: letter.payload))") }
        func body(_ change: (inout [String: JSONValue]) -> Void) throws -> String {
            var copy = fields
            change(&copy)
            return String(decoding: try ContractCoding.encoder().encode(JSONValue.object(copy)), as: UTF8.self)
        }
        let retypedBody = try body {
            $0["type"] = .string("signing.requested")
            $0["payload"] = .object(["signer": .string("chuyenvien.ubnd")])
        }
        let movedBody = try body { $0["agency"] = .string(Self.other) }
        let fixedBody = try body { $0["payload"] = .object(["n": .number(42)]) }
        try await f.app().test(.router) { client in
            for token in [admin, op] {
                let retyped = try await send(client, .put, "/admin/dead-letters/\(id)/body", token: token, body: retypedBody)
                #expect(retyped.status == .unprocessableContent, "\(retyped.text)")
                #expect(retyped.text.contains(#""code":"dead_letter_immutable""#) && retyped.text.contains(#""vi":"#), "\(retyped.text)")
                #expect(retyped.text.contains("signing.requested"), "the refusal names the change: \(retyped.text)")
                let moved = try await send(client, .put, "/admin/dead-letters/\(id)/body", token: token, body: movedBody)
                #expect(moved.status == .unprocessableContent, "\(moved.text)")
                #expect(moved.text.contains("dead_letter_immutable"), "\(moved.text)")
            }
            // A fix within the same type and agency still goes through.
            let fixed = try await send(client, .put, "/admin/dead-letters/\(id)/body", token: admin, body: fixedBody)
            #expect(fixed.status == .ok, "\(fixed.text)")
        }
        #expect(try await f.store.get(id)?.type == "document.received")
        await f.cleanUp()
    }

    @Test("A replay goes only to the service's own queues: not to another service's, not even by its original-queue header")
    func replayStaysInTheService() async throws {
        let f = Fixture()
        try await f.setUp(deadLetters: 1)
        let id = try #require(try await f.store.list(DeadLetterFilter()).first).id
        let op = try await f.token([.operator], account: "vanhanh.ubnd")
        try await f.app().test(.live) { client in
            let redirected = try await send(
                client, .post, "/admin/dead-letters/replays", token: op, body: #"{"ids": ["\#(id)"], "targetQueue": "\#(f.foreignQueue)"}"#)
            #expect(redirected.status == .unprocessableContent, "\(redirected.text)")
            #expect(redirected.text.contains(#""code":"foreign_queue""#), "\(redirected.text)")
            #expect(try await f.store.get(id)?.state == .dead)

            // A dead letter whose headers name another service's queue as its origin: the runner will not send it there.
            let smuggled = try await f.ingest(agency: Self.own, type: "signing.requested", origin: f.foreignQueue)
            let started = try await send(client, .post, "/admin/dead-letters/replays", token: op, body: #"{"ids": ["\#(smuggled)"]}"#)
            #expect(started.status == .accepted, "\(started.text)")
            #expect(try await eventually { try await f.store.get(smuggled)?.state == .dead })
            let jobs = try await f.store.replays()
            #expect(jobs.first?.state == .cancelled && jobs.first?.lastError?.contains("not one of this service's") == true, "\(jobs)")
        }
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        #expect(try c.messageCount(f.foreignQueue) == 0, "nothing reached the other service's queue")
        c.close()
        await f.cleanUp()
    }
}
