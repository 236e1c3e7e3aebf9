import AMQP
import Foundation
import Messaging
import ServiceKit
import TestSupport
import XCTest

/// The queue-depth gauges on `/metrics` follow what the real broker holds.
final class QueueDepthMonitorTests: XCTestCase {
    /// The value of `metric{queue="…"}` in the Prometheus text the service serves.
    static func gauge(_ metric: String, queue: String) -> Double? {
        let text = String(decoding: MetricsBootstrap.registry.emitToBuffer(), as: UTF8.self)
        let prefix = "\(metric){queue=\"\(queue)\"} "
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return Double(line.dropFirst(prefix.count))
    }

    func testGaugesReportMessagesAndConsumersOfTheServiceQueues() async throws {
        MetricsBootstrap.bootstrap()
        let queue = TestEnv.uniqueName("depth.")
        let missing = TestEnv.uniqueName("depth.missing.")
        // No heartbeats: these connections are not read from while the test waits.
        let quiet = try AMQPEndpoint(url: TestEnv.amqpURL, heartbeat: 0)
        let setup = try AMQPConnection(endpoint: quiet)
        defer {
            try? setup.deleteQueue(queue)
            setup.close()
        }
        try setup.declareQueue(queue, arguments: ["x-queue-type": .string("quorum")])
        func put(_ n: Int) throws {
            for i in 0..<n { try setup.publish(OutboundMessage(exchange: "", routingKey: queue, body: Array("m\(i)".utf8))) }
        }
        try put(3)

        // A queue that does not exist (yet) comes first: it must not hide the others.
        let monitor = QueueDepthMonitor(endpoint: TestEnv.endpoint, queues: [missing, queue], interval: .seconds(1), logger: TestEnv.logger)
        let first = await monitor.sample()
        XCTAssertNil(first[missing])
        XCTAssertNil(Self.gauge("qlvb_queue_messages", queue: missing))
        let settled = try await eventually { await monitor.sample()[queue]?.messages == 3 }
        XCTAssert(settled, "the broker holds the 3 messages published")
        XCTAssertEqual(Self.gauge("qlvb_queue_messages", queue: queue), 3)
        XCTAssertEqual(Self.gauge("qlvb_queue_consumers", queue: queue), 0)

        // Running as a service, it follows new messages and a consumer that attaches.
        let running = Task { try await monitor.run() }
        defer { running.cancel() }
        try put(2)
        let consumer = try AMQPConnection(endpoint: quiet)
        defer { consumer.close() }
        try consumer.qos(prefetch: 1)
        try consumer.consume(queue: queue, consumerTag: "depth-test")
        // One message goes out to the consumer (prefetch 1, never acked): 4 of the 5 stay ready.
        let followed = try await eventually(.seconds(20)) {
            Self.gauge("qlvb_queue_messages", queue: queue) == 4 && Self.gauge("qlvb_queue_consumers", queue: queue) == 1
        }
        XCTAssert(
            followed,
            "gauges: messages \(String(describing: Self.gauge("qlvb_queue_messages", queue: queue))),"
                + " consumers \(String(describing: Self.gauge("qlvb_queue_consumers", queue: queue)))")
    }
}
