import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TestSupport

@testable import IntakeService

/// The poller against a feed served over real HTTP: every packet once, the cursor survives a restart.
@Suite struct AxisPollerTests {
    @Test func packetsArePolledOnceAcrossARestart() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let packets = try (1...3).map { try Packets.good(number: "\(500 + $0)").base64EncodedString() }
        let requests = Mutex<[String?]>([])
        let router = Router()
        router.get("/feed") { request, _ -> Response in
            let cursor: String? = request.uri.queryParameters.get("after").map { String($0) }
            let after = cursor.flatMap { Int($0) } ?? 0
            requests.withLock { $0.append(cursor) }
            // Two per page, oldest first, after the cursor.
            let items = packets.enumerated().filter { $0.offset + 1 > after }.prefix(2)
                .map { "{\"cursor\":\"\($0.offset + 1)\",\"packet\":\"\($0.element)\"}" }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "{\"packets\":[\(items.joined(separator: ","))]}")))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let counts: [Int] = try await app.test(.live) { client in
            let feed = URL(string: "http://127.0.0.1:\(client.port!)/feed")!
            let first = AxisPoller(feed: feed, interval: .milliseconds(50), processor: harness.processor, logger: TestEnv.logger)
            let a = try await first.pollOnce()
            // A new poller (a restart) starts from the stored cursor.
            let second = AxisPoller(feed: feed, interval: .milliseconds(50), processor: harness.processor, logger: TestEnv.logger)
            let b = try await second.pollOnce()
            let c = try await second.pollOnce()
            return [a, b, c]
        }
        #expect(counts == [2, 1, 0])
        let cursor = try await AxisPoller(feed: URL(string: "http://127.0.0.1:1/feed")!, interval: .seconds(1), processor: harness.processor, logger: TestEnv.logger).loadCursor()
        #expect(cursor == nil, "the cursor is per feed URL")
        #expect(requests.withLock { $0 } == [nil, "2", "3"])
        let received = try await harness.outbox().filter { $0.type == "document.received" }
        #expect(received.count == 3)
        #expect(try await harness.deliveries().allSatisfy { $0.verdict == "accepted" })
    }

    @Test func thePollerSendsItsCredentials() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let seen = Mutex<[String]>([])
        let router = Router()
        router.get("/feed") { request, _ -> Response in
            let system = request.headers[HTTPField.Name("systemid")!] ?? "-"
            let secret = request.headers[HTTPField.Name("secret")!] ?? "-"
            seen.withLock { $0.append("\(system):\(secret)") }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "{\"packets\":[]}")))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let feed = URL(string: "http://127.0.0.1:\(client.port!)/feed")!
            let poller = AxisPoller(
                feed: feed, credentials: ("qlvb-sonla", "fedcba9876543210fedc"), interval: .milliseconds(50),
                processor: harness.processor, logger: TestEnv.logger)
            let count = try await poller.pollOnce()
            #expect(count == 0)
        }
        #expect(seen.withLock { $0 } == ["qlvb-sonla:fedcba9876543210fedc"])
    }
}
