import AMQP
import Contracts
import Foundation
import Messaging
import Storage
import Synchronization
import TestSupport
import Testing

/// The one delivery policy: single messages, batches and unreadable bodies take the same middleware chain.
@Suite(.serialized) struct DeliveryPolicyTests {
    @Test("A body that is no envelope, arriving in a batch, is dead-lettered by the chain with its bytes; the rest are handled once")
    func unreadableBodyInBatchIsDeadLetteredByTheChain() async throws {
        let h = try await Harness()
        let router = h.router()
        let seen = Collected<String>()
        router.use(Recorder(seen: seen))  // after the policy: sees what reaches the handler's side of the chain
        router.addRaw(name: "\(h.id).Count", queue: h.queue, bindings: [h.routingKey], h.countingHandler())
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        try router.topology.declare(on: c)
        c.close()
        let good = (0..<10).map { _ in h.envelope() }
        let garbage: [UInt8] = Array("{\"not\": \"an envelope\"".utf8)
        try await h.publish(Array(good.prefix(5)))
        try await h.publisher.publish([
            OutboundMessage(
                exchange: Topology.eventsExchange, routingKey: h.routingKey, body: garbage, messageId: "garbage-1",
                type: h.routingKey)
        ])
        try await h.publish(Array(good.suffix(5)))
        let task = try await running(router)

        #expect(try await eventually { try await h.effects().count == 10 })
        let dead = try h.drain(Topology.deadLetterQueue(of: h.queue), max: 1, timeout: .seconds(10))
        let letter = try #require(dead.first)
        #expect(letter.body == garbage, "the body is kept byte for byte")
        #expect(letter.messageId == "garbage-1")
        #expect(letter.headers[DeadLetterHeaders.errorClass]?.stringValue == "permanent")
        #expect(letter.headers[DeadLetterHeaders.handler]?.stringValue == "\(h.id).Count")
        #expect(letter.headers[DeadLetterHeaders.lastError]?.stringValue?.hasPrefix("not an envelope") == true)
        // The refusal ran inside the chain: the middleware saw the stand-in, and its inbox entry was rolled back.
        #expect(seen.values.contains("unreadable") || seen.values.contains(h.routingKey))
        #expect(try await h.count("inbox") == 10)
        #expect(try await h.effects().values.allSatisfy { $0.handled == 1 })
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    @Test("Batches go through the middleware's batch hook: one inbox/outbox transaction for messages that arrive together")
    func batchesTakeTheMiddlewaresBatchHook() async throws {
        let h = try await Harness()
        let router = h.router()
        let batchSizes = Collected<Int>()
        router.use(BatchSizes(sizes: batchSizes))
        router.addRaw(name: "\(h.id).Count", queue: h.queue, bindings: [h.routingKey], h.countingHandler())
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        try router.topology.declare(on: c)
        c.close()
        try await h.publish((0..<40).map { _ in h.envelope() })
        let task = try await running(router)

        #expect(try await eventually { try await h.effects().count == 40 })
        let sizes = batchSizes.values
        #expect(sizes.contains { $0 > 1 }, "preloaded messages were handled in batches: \(sizes)")
        #expect(sizes.allSatisfy { $0 <= 16 }, "no batch is larger than the batch size: \(sizes)")
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }
}

private final class Collected<T: Sendable>: Sendable {
    private let state = Mutex<[T]>([])
    func append(_ value: T) { state.withLock { $0.append(value) } }
    var values: [T] { state.withLock { $0 } }
}

private struct Recorder: MessageMiddleware {
    let seen: Collected<String>
    func handle(_ context: MessageContext, next: MessageHandlerFunc) async throws -> [Envelope] {
        seen.append(context.envelope.type)
        return try await next(context)
    }
}

private struct BatchSizes: MessageMiddleware {
    let sizes: Collected<Int>
    func handle(_ context: MessageContext, next: MessageHandlerFunc) async throws -> [Envelope] { try await next(context) }
    func handle(batch: [MessageContext], next: BatchHandlerFunc) async throws -> [Envelope] {
        sizes.append(batch.count)
        return try await next(batch)
    }
}
