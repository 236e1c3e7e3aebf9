import Contracts
import Foundation
import Messaging
import Storage
import Synchronization
import TestSupport
import Testing

@testable import NumberingService

/// Two copies of numbering on one queue, through the real broker and PostgreSQL, with the platform's
/// middleware and batch mode: the register still reads 1…n, without a gap or a duplicate.
@Suite(.serialized)
struct CopiesOnTheBrokerTests {
    static let total = 200

    func expectOneToTotal(_ h: NumberingHarness, documents: [DocumentReceived]) async throws {
        let done = try await eventually(.seconds(60)) { try await h.count() >= Self.total }
        let registered = try await h.count()
        #expect(done, "registered \(registered) of \(Self.total)")
        try await Task.sleep(for: .milliseconds(500))  // a late duplicate would show up now
        #expect(try await h.numbers(year: 2026) == Array(1...Self.total))
        let ids = try await h.database.query("SELECT document_id FROM \(identifier: h.schema).incoming_entries").rows
            .map { try $0.decode(UUID.self, "document_id") }
        #expect(Set(ids) == Set(documents.map(\.documentId)))
        let events = try await h.database.query(
            "SELECT count(*) AS n FROM \(identifier: h.schema).outbox WHERE type = 'document.registered'").rows[0].decode(Int.self, "n")
        #expect(events >= Self.total)
    }

    @Test func twoCopiesRegisterConcurrentlyWithoutGapOrDuplicate() async throws {
        let h = try await NumberingHarness()
        let a = try await running(h.router()), b = try await running(h.router())
        let documents = (1...Self.total).map { Fixtures.document($0) }

        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: documents.count, by: 20) {
                group.addTask { try await h.publish(documents[chunk..<chunk + 20].map { try h.envelope($0) }) }
            }
            try await group.waitForAll()
        }

        try await expectOneToTotal(h, documents: documents)
        a.cancel(); b.cancel()
        await h.cleanUp()
    }

    @Test func aCopyKilledMidwayLeavesNoGap() async throws {
        let h = try await NumberingHarness()
        // The doomed copy takes its time inside the transaction, so it dies holding numbers it has not committed.
        let slow = SlowRegister(inner: RegisterIncoming(store: h.store)).untyped
        let doomed = try await running(h.router(slow))
        let survivor = try await running(h.router())
        let documents = (1...Self.total).map { Fixtures.document($0) }

        try await h.publish(documents.map { try h.envelope($0) })
        _ = try await eventually(.seconds(20)) { try await h.count() >= 40 }
        doomed.cancel()  // the connection is dropped: unacked messages go back to the queue, open transactions roll back

        try await expectOneToTotal(h, documents: documents)
        survivor.cancel()
        await h.cleanUp()
    }

    @Test func aHandlerThatFailsAfterTakingANumberGivesItBack() async throws {
        let h = try await NumberingHarness()
        let crashing = FailOnce(inner: RegisterIncoming(store: h.store)).untyped
        let a = try await running(h.router(crashing)), b = try await running(h.router())
        let documents = (1...Self.total).map { Fixtures.document($0) }

        try await h.publish(documents.map { try h.envelope($0) })

        try await expectOneToTotal(h, documents: documents)
        a.cancel(); b.cancel()
        await h.cleanUp()
    }

    @Test func redeliveryAndResentDocumentsAreRegisteredOnce() async throws {
        let h = try await NumberingHarness()
        let router = try await running(h.router())
        let doc = Fixtures.document(1)
        let envelope = try h.envelope(doc)

        // The same message twice (redelivery), and the same document in a new message (sent again by intake).
        try await h.publish([envelope, envelope, try h.envelope(doc), try h.envelope(Fixtures.document(2))])

        #expect(try await eventually { try await h.count() == 2 })
        try await Task.sleep(for: .seconds(1))
        #expect(try await h.numbers(year: 2026) == [1, 2])
        let number = try #require(try await h.store.fetch(documentId: doc.documentId, executor: h.database)?.number)
        // The duplicate message ran nothing; the document sent again was answered with its first number.
        let answers = try await h.database.query("""
            SELECT body FROM \(identifier: h.schema).outbox WHERE type = 'document.registered' AND correlation_id = \(envelope.correlationId)
            """).rows.map { try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8)).decode(DocumentRegistered.self) }
        #expect(answers.count == 1 && answers.allSatisfy { $0.documentId == doc.documentId && $0.number == number })
        let all = try await h.database.query("SELECT body FROM \(identifier: h.schema).outbox WHERE type = 'document.registered'").rows
            .map { try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8)).decode(DocumentRegistered.self) }
        #expect(all.count == 3 && Set(all.filter { $0.documentId == doc.documentId }.map(\.number)) == [number])
        // 03 goes back once per document: not again for the document sent twice.
        let accepted = try await h.database.query("SELECT body FROM \(identifier: h.schema).outbox WHERE type = 'status.outbound'").rows
            .map { try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8)).decode(StatusOutbound.self) }
        #expect(accepted.map(\.status) == [.accepted, .accepted])
        #expect(Set(accepted.map(\.edxmlDocumentId)).count == 2)
        router.cancel()
        await h.cleanUp()
    }
}

/// The real handler, then a pause before the commit: a copy killed during the pause dies mid-transaction.
struct SlowRegister: EventHandler {
    let inner: RegisterIncoming
    func handle(_ event: DocumentReceived, context: MessageContext) async throws -> [any Event] {
        let events = try await inner.handle(event, context: context)
        try await Task.sleep(for: .milliseconds(30))
        return events
    }
}

/// The real handler, then a failure the first time each document is seen (the number was taken, the
/// transaction rolls back); the retry succeeds.
struct FailOnce: EventHandler {
    let inner: RegisterIncoming
    let seen = Seen()
    final class Seen: Sendable { let ids = Mutex<Set<UUID>>([]) }
    func handle(_ event: DocumentReceived, context: MessageContext) async throws -> [any Event] {
        let events = try await inner.handle(event, context: context)
        if seen.ids.withLock({ $0.insert(event.documentId).inserted }), event.priority == 1 {
            throw TransientError("simulated crash after taking a number")
        }
        return events
    }
}
