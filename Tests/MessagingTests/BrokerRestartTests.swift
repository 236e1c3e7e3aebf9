import AMQP
import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

/// Restarts the real broker while a publisher and a consumer work. Disruptive to every other
/// test using the broker, so it runs in a pass of its own (scripts/test sets QLVB_DISRUPTIVE_TESTS).
@Suite(.serialized, .enabled(if: TestEnv.disruptive && TestEnv.env["QLVB_BROKER_RESTART"] != nil))
struct BrokerRestartTests {
    @Test("A broker restart mid-stream: publisher and consumer carry on and every message is handled exactly once")
    func brokerRestartLosesNothing() async throws {
        let h = try await Harness()
        let router = h.router()
        router.addRaw(name: "\(h.id).Count", queue: h.queue, bindings: [h.routingKey], h.countingHandler())
        let consuming = try await running(router)
        let relay = OutboxRelay(
            database: h.database, schema: h.schema, publisher: h.publisher, pollInterval: .milliseconds(100),
            logger: TestEnv.logger)
        let outbox = Outbox(schema: h.schema, relay: relay)
        let relaying = Task { try await relay.run() }

        // 300 events, committed to the outbox steadily while the broker goes down and comes back.
        let total = 300
        let producing = Task {
            for _ in 0..<total {
                try await h.database.withTransaction { tx in try await outbox.append([h.envelope()], in: tx) }
                relay.wake()
                try await Task.sleep(for: .milliseconds(40))
            }
        }
        try await Task.sleep(for: .seconds(2))
        #expect(try await runScript(TestEnv.env["QLVB_BROKER_RESTART"]!) == 0, "broker restarted")
        try await producing.value

        #expect(try await eventually(.seconds(90)) { try await h.effects().count == total }, "all handled")
        let effects = try await h.effects()
        #expect(effects.count == total)
        #expect(effects.values.allSatisfy { $0.handled == 1 }, "each exactly once")
        #expect(try await h.count("outbox") == 0, "nothing left unpublished")
        consuming.cancel()
        relaying.cancel()
        _ = await consuming.result
        await h.cleanUp()
    }
}
