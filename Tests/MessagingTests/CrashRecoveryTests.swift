import AMQP
import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

/// Processes killed at the worst moments: the broker and the database must make up for it.
@Suite(.serialized) struct CrashRecoveryTests {
    static let worker = TestEnv.binDirectory.appendingPathComponent("qlvb-testworker")

    func start(_ arguments: [String]) throws -> ChildProcess { try ChildProcess(Self.worker.path, arguments) }

    @Test("A consumer killed after its commit and before its ack: the redelivery is a no-op", .enabled(if: FileManager.default.fileExists(atPath: worker.path)))
    func crashBeforeAckIsRedeliveredAndIgnored() async throws {
        let h = try await Harness()
        let message = h.envelope()

        // First run dies right after the handler's transaction committed.
        let first = try start(["consume", h.schema, h.queue, h.routingKey, "--crash-after-commit"])
        #expect(try await eventually(.seconds(60)) { ((try? h.consumerCount(h.queue)) ?? 0) > 0 },
            "worker consumes (its queue declared and bound), so the message cannot be dropped as unroutable")
        try await h.publish([message])
        #expect(try await first.waitForExit() == 9)
        #expect(first.output.contains("committed"))
        #expect(try await h.effects()[message.id]?.handled == 1, "the state changed once")
        #expect(try await eventually(.seconds(60)) { try h.messageCount(h.queue) == 1 }, "unacked, so back in the queue")

        // Second run gets the redelivery; the inbox turns it into a no-op, and it is acked.
        let second = try start(["consume", h.schema, h.queue, h.routingKey])
        #expect(try await eventually(.seconds(60)) { try h.messageCount(h.queue) == 0 })
        try await Task.sleep(for: .milliseconds(500))
        second.terminate()  // SIGTERM: graceful, finishes and acks what it holds
        #expect(try await second.waitForExit() == 0)
        #expect(try h.messageCount(h.queue) == 0, "acked, not merely delivered")
        #expect(try await h.effects()[message.id]?.handled == 1, "still once")
        #expect(try await h.count("inbox") == 1)
        await h.cleanUp()
    }

    @Test("A crash after the commit and before the publish: the outbox relay publishes it after restart", .enabled(if: FileManager.default.fileExists(atPath: worker.path)))
    func crashBeforePublishIsRelayedAfterRestart() async throws {
        let h = try await Harness()
        let probe = "\(h.id).probe"
        try h.bindProbe(probe, to: h.routingKey)

        let p = try start(["emit", h.schema, h.routingKey])
        #expect(try await p.waitForExit() == 9)
        let id = try #require(UUID(uuidString: p.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try await h.effects()[id]?.handled == 1, "the state change committed")
        #expect(try await h.count("outbox") == 1, "its event waits in the outbox")
        #expect(try h.messageCount(probe) == 0, "and was never published")

        // The restarted service's relay publishes it.
        let relay = OutboxRelay(database: h.database, schema: h.schema, publisher: h.publisher, logger: TestEnv.logger)
        #expect(try await relay.relayOnce() == 1)
        #expect(try await h.count("outbox") == 0)
        let delivered = try h.drain(probe, max: 1)
        #expect(try delivered.map { try Envelope.decode(from: Data($0.body)).id } == [id])
        #expect(delivered.first?.messageId == id.uuidString.lowercased())
        await h.cleanUp(queues: [probe])
    }
}
