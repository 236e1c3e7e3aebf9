import AMQP
import Contracts
import Foundation
import Messaging
import TestSupport
import Synchronization
import Testing

/// Against the real broker and database: publish with confirms, consume, ack after commit,
/// retries, dead letters.
@Suite(.serialized) struct DeliveryTests {
    @Test("A published message is handled once, committed, then acked")
    func publishedMessageIsHandledAndAcked() async throws {
        let h = try await Harness()
        let router = h.router()
        router.addRaw(name: "\(h.id).Count", queue: h.queue, bindings: [h.routingKey], h.countingHandler())
        let task = try await running(router)
        let sent = (0..<20).map { _ in h.envelope() }
        try await h.publish(sent)

        #expect(try await eventually { try await h.effects().count == 20 })
        let effects = try await h.effects()
        #expect(Set(effects.keys) == Set(sent.map(\.id)))
        #expect(effects.values.allSatisfy { $0.handled == 1 && $0.attempt == 1 })
        #expect(try await h.count("inbox") == 20)
        task.cancel()
        _ = await task.result
        // Acked, not merely delivered: after the consumer is gone nothing returns to the queue.
        #expect(try h.messageCount(h.queue) == 0)
        await h.cleanUp()
    }

    @Test("A transient failure is retried with back-off and then succeeds; its rolled-back writes leave no trace")
    func transientFailureIsRetriedThenSucceeds() async throws {
        let h = try await Harness()
        let router = h.router(delays: [.milliseconds(300), .milliseconds(600)])
        router.addRaw(name: "\(h.id).Flaky", queue: h.queue, bindings: [h.routingKey], h.countingHandler(failUntilAttempt: 3))
        let task = try await running(router)
        let message = h.envelope()
        let start = ContinuousClock.now
        try await h.publish([message])

        #expect(try await eventually { try await h.effects()[message.id] != nil })
        let elapsed = ContinuousClock.now - start
        let effect = try #require(try await h.effects()[message.id])
        #expect(effect.attempt == 3)
        #expect(effect.handled == 1, "the failed attempts' writes were rolled back")
        #expect(elapsed >= .milliseconds(900), "waited 300 ms then 600 ms between attempts, took \(elapsed)")
        #expect(try h.messageCount(Topology.deadLetterQueue(of: h.queue)) == 0)
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    @Test("A permanent error goes straight to the dead-letter queue with its headers and intact payload")
    func permanentErrorIsDeadLettered() async throws {
        let h = try await Harness()
        let router = h.router()
        router.addRaw(name: "\(h.id).Strict", queue: h.queue, bindings: [h.routingKey], h.countingHandler(permanent: true))
        let task = try await running(router)
        let message = h.envelope(.object(["subject": .string("Về việc lập dự toán năm 2027")]))
        try await h.publish([message])

        let dead = try h.drain(Topology.deadLetterQueue(of: h.queue), max: 1, timeout: .seconds(10))
        let letter = try #require(dead.first)
        #expect(letter.body == Array(try message.encoded()), "the very bytes that were published")
        #expect(letter.headers[DeadLetterHeaders.originalQueue]?.stringValue == h.queue)
        #expect(letter.headers[DeadLetterHeaders.attempts]?.intValue == 1)
        #expect(letter.headers[DeadLetterHeaders.lastError]?.stringValue?.contains("rule broken") == true)
        #expect(letter.headers[DeadLetterHeaders.errorClass]?.stringValue == "permanent")
        #expect(letter.headers[DeadLetterHeaders.service]?.stringValue == h.id)
        #expect(letter.headers[DeadLetterHeaders.handler]?.stringValue == "\(h.id).Strict")
        #expect(letter.headers[DeadLetterHeaders.failedAt]?.stringValue.flatMap(ContractCoding.parseTimestamp) != nil)
        #expect(try await h.effects().isEmpty, "the failed handler's writes were rolled back")
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    @Test("One bad message in a batch: the batch rolls back, the others are handled once each, the bad one is dead-lettered")
    func badMessageInBatchHarmsNoOther() async throws {
        let h = try await Harness()
        let poison = h.envelope(.object(["poison": .bool(true)]))
        let good = (0..<30).map { _ in h.envelope() }
        // Preload the queue before consuming so the messages arrive together, as one batch.
        let router = h.router()
        let schema = h.schema
        let counting = h.countingHandler()
        let batched = Mutex(false)
        router.addRaw(name: "\(h.id).Picky", queue: h.queue, bindings: [h.routingKey]) { context in
            if context.batch != nil { batched.withLock { $0 = true } }
            if context.envelope.payload == .object(["poison": .bool(true)]) {
                _ = try await context.requireTransaction().query(
                    "INSERT INTO \(identifier: schema).effects (message_id, handled) VALUES (\(context.envelope.id), 1)")
                throw PermanentError("refused")
            }
            return try await counting(context)
        }
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        try router.topology.declare(on: c)
        c.close()
        try await h.publish(Array(good.prefix(15)) + [poison] + Array(good.suffix(15)))
        let task = try await running(router)

        #expect(try await eventually { try await h.effects().count == 30 })
        let effects = try await h.effects()
        #expect(batched.withLock { $0 }, "the messages were handled in a batch transaction")
        #expect(Set(effects.keys) == Set(good.map(\.id)), "the poison's write was rolled back")
        #expect(effects.values.allSatisfy { $0.handled == 1 })
        let dead = try h.drain(Topology.deadLetterQueue(of: h.queue), max: 1, timeout: .seconds(10))
        #expect(dead.map(\.messageId) == [poison.id.uuidString.lowercased()])
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    @Test("A transient error that outlasts the retries is dead-lettered after the last attempt")
    func exhaustedRetriesAreDeadLettered() async throws {
        let h = try await Harness()
        let router = h.router(delays: [.milliseconds(300), .milliseconds(600)])
        router.addRaw(name: "\(h.id).Down", queue: h.queue, bindings: [h.routingKey], h.countingHandler(failUntilAttempt: 99))
        let task = try await running(router)
        let message = h.envelope()
        try await h.publish([message])

        let dead = try h.drain(Topology.deadLetterQueue(of: h.queue), max: 1, timeout: .seconds(10))
        let letter = try #require(dead.first)
        #expect(letter.headers[DeadLetterHeaders.attempts]?.intValue == 3)
        #expect(letter.headers[DeadLetterHeaders.errorClass]?.stringValue == "transient")
        #expect(letter.headers[DeadLetterHeaders.lastError]?.stringValue?.contains("attempt 3") == true)
        #expect(try Envelope.decode(from: Data(letter.body)).id == message.id)
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    @Test("An unknown contract version and a body that is not an envelope are dead-lettered, and the consumer goes on")
    func unreadableMessagesAreDeadLettered() async throws {
        let h = try await Harness()
        let router = h.router()
        router.add(RegisteredCounter(schema: h.schema), queue: h.queue)
        let task = try await running(router)
        var future = try Envelope(
            DocumentRegistered(documentId: UUID(), register: "VBDEN", year: 2026, number: 1, registeredAt: Date()),
            agency: "000.00.00.H52")
        future.version = 2
        try await h.publisher.publish([
            try OutboundMessage(event: future),
            OutboundMessage(exchange: Topology.eventsExchange, routingKey: DocumentRegistered.type, body: Array("{not json".utf8)),
        ])
        let good = try Envelope(
            DocumentRegistered(documentId: UUID(), register: "VBDEN", year: 2026, number: 2, registeredAt: Date()),
            agency: "000.00.00.H52")
        try await h.publish([good])

        let dead = try h.drain(Topology.deadLetterQueue(of: h.queue), count: 2, timeout: .seconds(60))
        #expect(dead.count == 2)
        let errors = dead.compactMap { $0.headers[DeadLetterHeaders.lastError]?.stringValue }
        #expect(errors.contains { $0.contains("version 2 is not supported") })
        #expect(errors.contains { $0.contains("not a QLVB envelope") })
        #expect(try await eventually { try await h.effects()[good.id] != nil }, "a good message after them is handled")
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }
}

/// A typed handler, as services write them.
struct RegisteredCounter: EventHandler {
    let schema: String
    func handle(_ event: DocumentRegistered, context: MessageContext) async throws -> [any Event] {
        _ = try await context.requireTransaction().query(
            "INSERT INTO \(identifier: schema).effects (message_id, handled) VALUES (\(context.envelope.id), 1)")
        return []
    }
}
