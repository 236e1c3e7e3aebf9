import AMQP
import Contracts
import Foundation
import Messaging
import Storage
import Synchronization
import TestSupport
import Testing

/// Dead letters taken into the service's store, grouped, edited, discarded and replayed, against
/// the real broker and database.
@Suite(.serialized) struct DeadLetterStoreTests {
    final class Switch: Sendable {
        private let value: Atomic<Bool>
        init(_ on: Bool) { value = Atomic(on) }
        var isOn: Bool { value.load(ordering: .relaxed) }
        func set(_ on: Bool) { value.store(on, ordering: .relaxed) }
    }

    /// A handler that refuses every message while `broken` holds, with an error naming the message.
    func switchable(_ h: Harness, broken: Switch) -> MessageHandlerFunc {
        let count = h.countingHandler()
        return { context in
            if broken.isOn {
                throw PermanentError("agency of message \(context.envelope.id) is not hosted (attempt 1 of 1)")
            }
            if case .object(let fields) = context.envelope.payload, fields["n"] == .number(0) {
                throw PermanentError("n must not be 0")
            }
            return try await count(context)
        }
    }

    struct Running {
        let store: DeadLetterStore
        let router: MessageRouter
        let tasks: [Task<Void, any Error>]
        func stop() async { for t in tasks { t.cancel(); _ = await t.result } }
    }

    func start(_ h: Harness, broken: Switch, runner: Bool = true, lease: Duration = .seconds(30)) async throws -> Running {
        let router = h.router()
        router.addRaw(name: "\(h.id).Switchable", queue: h.queue, bindings: [h.routingKey], switchable(h, broken: broken))
        let store = DeadLetterStore(schema: h.schema, database: h.database)
        let ingestor = DeadLetterIngestor(store: store, endpoint: TestEnv.endpoint, topology: { router.topology }, logger: TestEnv.logger)
        var tasks = [try await running(router), Task { try await ingestor.run() }]
        if runner {
            let r = ReplayRunner(
                store: store, publisher: h.publisher, queues: QueueProbe(endpoint: TestEnv.endpoint), ownQueues: Self.ownQueues(h, router),
                poll: .milliseconds(200), lease: lease, logger: TestEnv.logger)
            tasks.append(Task { try await r.run() })
        }
        return Running(store: store, router: router, tasks: tasks)
    }

    /// The service's queues, and `<queue>.nowhere`: one of its own that is gone (a replay there must stop, not send blind).
    static func ownQueues(_ h: Harness, _ router: MessageRouter) -> @Sendable () -> Set<String> {
        let gone = "\(h.queue).nowhere"
        return { Set(router.topology.queues.map(\.name)).union([gone]) }
    }

    @Test("Dead letters are kept once each, with their headers and payload, and grouped by error whatever ids it names")
    func deadLettersAreStoredAndGrouped() async throws {
        let h = try await Harness()
        let broken = Switch(true)
        let r = try await start(h, broken: broken, runner: false)
        let sent = (0..<5).map { _ in h.envelope() }
        try await h.publish(sent)

        #expect(try await eventually { try await r.store.list(DeadLetterFilter()).count == 5 })
        #expect(try h.messageCount(Topology.deadLetterQueue(of: h.queue)) == 0, "taken off the DLQ once stored")
        let groups = try await r.store.groups(DeadLetterFilter())
        #expect(groups.count == 1)
        #expect(groups.first?.count == 5)
        #expect(groups.first?.error == "agency of message <id> is not hosted (attempt # of #)")
        #expect(groups.first?.originalQueue == h.queue)

        let summary = try #require(try await r.store.list(DeadLetterFilter(type: h.routingKey)).first)
        let letter = try #require(try await r.store.get(summary.id))
        #expect(letter.state == .dead)
        #expect(letter.errorClass == "permanent")
        #expect(letter.attempts == 1)
        #expect(letter.headers?[DeadLetterHeaders.originalQueue] == h.queue)
        #expect(letter.lastError.lowercased().contains(letter.messageId ?? "?"))
        let envelope = try #require(sent.first { $0.id.uuidString.lowercased() == letter.messageId })
        #expect(letter.payload == (try JSONDecoder().decode(JSONValue.self, from: try envelope.encoded())))

        // Filters: by error text, by time range.
        #expect(try await r.store.list(DeadLetterFilter(errorContains: "NOT HOSTED")).count == 5)
        #expect(try await r.store.list(DeadLetterFilter(errorContains: "database")).isEmpty)
        #expect(try await r.store.list(DeadLetterFilter(from: Date().addingTimeInterval(60))).isEmpty)
        #expect(try await r.store.list(DeadLetterFilter(from: Date().addingTimeInterval(-600), to: Date().addingTimeInterval(60))).count == 5)
        await r.stop()
        await h.cleanUp()
    }

    @Test("The same dead letter delivered twice (its ack was lost) is stored once")
    func redeliveredDeadLetterIsStoredOnce() async throws {
        let h = try await Harness()
        let store = DeadLetterStore(schema: h.schema, database: h.database)
        let d = Delivery(
            queue: "\(h.queue).dlq", exchange: "", routingKey: "\(h.queue).dlq", body: Array("{}".utf8), messageId: "m-1", type: "x",
            correlationId: nil, contentType: "application/json",
            headers: [DeadLetterHeaders.originalQueue: .string(h.queue), DeadLetterHeaders.lastError: .string("boom"),
                      DeadLetterHeaders.failedAt: .string("2026-11-25T01:02:03.004Z"), DeadLetterHeaders.attempts: .int(4)],
            redelivered: false, deliveryTag: 1, connectionGeneration: 0)
        #expect(try await store.ingest(d) == true)
        var again = d
        again.redelivered = true
        #expect(try await store.ingest(again) == false)
        #expect(try await store.list(DeadLetterFilter()).count == 1)
        await h.cleanUp()
    }

    @Test("After the fix a group replay sends each message back once; a replay of a message already processed is a no-op")
    func groupReplayAfterFix() async throws {
        let h = try await Harness()
        let broken = Switch(true)
        let r = try await start(h, broken: broken)
        let sent = (0..<10).map { _ in h.envelope() }
        try await h.publish(sent)
        #expect(try await eventually { try await r.store.list(DeadLetterFilter()).count == 10 })

        broken.set(false)  // the fix is deployed
        // One message arrives again by another path (the sender's outbox re-published it) and is processed.
        try await h.publish([sent[0]])
        #expect(try await eventually { try await h.effects()[sent[0].id] != nil })

        let group = try #require(try await r.store.groups(DeadLetterFilter()).first)
        let job = try await r.store.startReplay(DeadLetterSelection(filter: group.filter), actor: "adminhtt.qtht")
        #expect(job.total == 10)
        #expect(try await eventually { try await r.store.replay(job.id)?.state == .done })
        #expect(try await eventually { try await h.effects().count == 10 })
        try await Task.sleep(for: .milliseconds(500))
        let effects = try await h.effects()
        #expect(effects.values.allSatisfy { $0.handled == 1 }, "each handled exactly once, the duplicate a no-op: \(effects.values.map(\.handled))")
        #expect(effects.values.allSatisfy { $0.attempt == 1 }, "a replay starts with fresh attempts")
        #expect(try await r.store.replay(job.id)?.done == 10)
        #expect(try await r.store.list(DeadLetterFilter(state: .replayed)).count == 10)
        #expect(try await r.store.list(DeadLetterFilter(state: .dead)).isEmpty)
        // Nothing can be replayed twice from the store.
        await #expect(throws: DeadLetterError.self) { try await r.store.startReplay(DeadLetterSelection(filter: group.filter), actor: "x") }
        let audit = try await r.store.actions()
        #expect(audit.first?.action == "replay" && audit.first?.count == 10 && audit.first?.actor == "adminhtt.qtht")
        await r.stop()
        await h.cleanUp()
    }

    @Test("A throttled replay keeps its pace and can be cancelled; what it did not send waits again")
    func throttledReplayCancelled() async throws {
        let h = try await Harness()
        let broken = Switch(true)
        let r = try await start(h, broken: broken)
        try await h.publish((0..<40).map { _ in h.envelope() })
        #expect(try await eventually { try await r.store.list(DeadLetterFilter()).count == 40 })
        broken.set(false)

        let started = ContinuousClock.now
        let job = try await r.store.startReplay(DeadLetterSelection(filter: DeadLetterFilter(originalQueue: h.queue)), rate: 10, actor: "ops")
        #expect(try await eventually { (try await r.store.replay(job.id)?.done ?? 0) >= 5 })
        try await Task.sleep(for: .milliseconds(500))
        let cancelled = try await r.store.cancelReplay(job.id, actor: "ops")
        let elapsed = ContinuousClock.now - started
        #expect(cancelled.state == .cancelled)
        try await Task.sleep(for: .milliseconds(500))
        let done = try #require(try await r.store.replay(job.id)).done
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // The pace is an upper bound (a loaded machine may go slower, never faster); one step of 2 may be in flight.
        #expect(done >= 5 && Double(done) <= 10 * seconds + 2, "at most 10/s: sent \(done) in \(seconds) s")
        #expect(done < 40, "cancelled before the end")
        #expect(try await r.store.list(DeadLetterFilter(state: .dead)).count == 40 - done)
        #expect(try await r.store.list(DeadLetterFilter(state: .queued)).isEmpty)
        #expect(try await eventually { try await h.effects().count == done })
        await #expect(throws: DeadLetterError.self) { try await r.store.cancelReplay(job.id, actor: "ops") }
        #expect(try await r.store.actions().map(\.action).prefix(2) == ["cancel-replay", "replay"])
        await r.stop()
        await h.cleanUp()
    }

    @Test("A replay whose runner dies midway is taken over when its lease ends, and every message is handled once")
    func interruptedReplayIsResumed() async throws {
        let h = try await Harness()
        let broken = Switch(true)
        let r = try await start(h, broken: broken, runner: false)
        try await h.publish((0..<30).map { _ in h.envelope() })
        #expect(try await eventually { try await r.store.list(DeadLetterFilter()).count == 30 })
        broken.set(false)
        let job = try await r.store.startReplay(DeadLetterSelection(filter: DeadLetterFilter()), rate: 20, actor: "ops")

        let probe = QueueProbe(endpoint: TestEnv.endpoint)
        let first = ReplayRunner(
            store: r.store, publisher: h.publisher, queues: probe, ownQueues: Self.ownQueues(h, r.router), poll: .milliseconds(100),
            lease: .seconds(2), logger: TestEnv.logger)
        let dying = Task { try await first.run() }
        #expect(try await eventually { (try await r.store.replay(job.id)?.done ?? 0) >= 5 })
        dying.cancel()  // the copy dies with its lease still held
        _ = await dying.result
        let before = try #require(try await r.store.replay(job.id))
        #expect(before.state == .running && before.done < 30)

        let second = ReplayRunner(
            store: r.store, publisher: h.publisher, queues: probe, ownQueues: Self.ownQueues(h, r.router), poll: .milliseconds(100),
            lease: .seconds(2), logger: TestEnv.logger)
        let taking = Task { try await second.run() }
        #expect(try await eventually(.seconds(20)) { try await r.store.replay(job.id)?.state == .done })
        #expect(try await r.store.replay(job.id)?.done == 30)
        #expect(try await eventually { try await h.effects().count == 30 })
        #expect(try await h.effects().values.allSatisfy { $0.handled == 1 })
        taking.cancel()
        _ = await taking.result
        await r.stop()
        await h.cleanUp()
    }

    @Test("A bad payload is edited, then replayed and handled; an edit that is not an envelope is refused")
    func editThenReplay() async throws {
        let h = try await Harness()
        let r = try await start(h, broken: Switch(false))
        let bad = h.envelope(.object(["n": .number(0)]))
        try await h.publish([bad])
        #expect(try await eventually { try await r.store.list(DeadLetterFilter()).count == 1 })
        let letter = try #require(try await r.store.list(DeadLetterFilter()).first)

        await #expect(throws: DeadLetterError.self) { try await r.store.edit(letter.id, body: Array("not json".utf8), actor: "ops") }
        await #expect(throws: DeadLetterError.self) { try await r.store.edit(letter.id, body: Array(#"{"id": 1}"#.utf8), actor: "ops") }
        var fixed = bad
        fixed.payload = .object(["n": .number(1)])
        try await r.store.edit(letter.id, body: Array(try fixed.encoded()), actor: "ops")
        #expect(try await r.store.get(letter.id)?.editedBy == "ops")

        let job = try await r.store.startReplay(DeadLetterSelection(ids: [letter.id]), actor: "ops")
        #expect(try await eventually { try await h.effects()[bad.id] != nil })
        #expect(try await eventually { try await r.store.replay(job.id)?.state == .done })
        await r.stop()
        await h.cleanUp()
    }

    @Test("Discarding needs a reason and keeps the dead letter for the audit; replaying to a missing queue stops with the reason")
    func discardAndMissingQueue() async throws {
        let h = try await Harness()
        let broken = Switch(true)
        let r = try await start(h, broken: broken)
        try await h.publish((0..<3).map { _ in h.envelope() })
        #expect(try await eventually { try await r.store.list(DeadLetterFilter()).count == 3 })
        let ids = try await r.store.list(DeadLetterFilter()).map(\.id)

        await #expect(throws: DeadLetterError.self) { try await r.store.discard(DeadLetterSelection(ids: [ids[0]]), reason: "  ", actor: "ops") }
        await #expect(throws: DeadLetterError.self) {
            try await r.store.discard(DeadLetterSelection(ids: [ids[0]], filter: DeadLetterFilter()), reason: "x", actor: "ops")
        }
        #expect(try await r.store.discard(DeadLetterSelection(ids: [ids[0]]), reason: "test message from the axis sandbox", actor: "ops") == 1)
        let discarded = try #require(try await r.store.get(ids[0]))
        #expect(discarded.state == .discarded && discarded.discardReason == "test message from the axis sandbox")

        let job = try await r.store.startReplay(DeadLetterSelection(ids: [ids[1], ids[2]]), targetQueue: "\(h.queue).nowhere", actor: "ops")
        #expect(try await eventually { try await r.store.replay(job.id)?.state == .cancelled })
        #expect(try await r.store.replay(job.id)?.lastError?.contains("does not exist") == true)
        #expect(try await r.store.list(DeadLetterFilter(state: .dead)).count == 2, "nothing sent blind, both wait again")
        await r.stop()
        await h.cleanUp()
    }
}
