import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

/// The unit of work against the real database: state and events commit together or not at all, and the last
/// writes before COMMIT come after the outbox append.
@Suite struct UnitOfWorkTests {
    struct Refused: Error {}

    func effect(_ h: Harness, _ id: UUID, in tx: PGTransaction) async throws {
        _ = try await tx.query("INSERT INTO \(identifier: h.schema).effects (message_id, handled) VALUES (\(id), 1)")
    }

    @Test("The change and the events it emitted commit together")
    func commitsTogether() async throws {
        let h = try await Harness()
        let work = UnitOfWork(database: h.database, outbox: Outbox(schema: h.schema))
        let result = try await work.run { tx, events in
            try await effect(h, UUID(), in: tx)
            events.emit(h.envelope())
            events.emit([h.envelope(), h.envelope()])
            return "done"
        }
        #expect(result == "done")
        #expect(try await h.count("effects") == 1)
        #expect(try await h.count("outbox") == 3)
    }

    @Test("A body that fails after emitting leaves neither its change nor its events")
    func failureLeavesNothing() async throws {
        let h = try await Harness()
        let work = UnitOfWork(database: h.database, outbox: Outbox(schema: h.schema))
        await #expect(throws: Refused.self) {
            try await work.run { tx, events in
                try await effect(h, UUID(), in: tx)
                events.emit(h.envelope())
                throw Refused()
            }
        }
        #expect(try await h.count("effects") == 0)
        #expect(try await h.count("outbox") == 0)
    }

    @Test("beforeCommit sees the events already in the outbox, gets the result, and its failure undoes everything")
    func beforeCommitComesLast() async throws {
        let h = try await Harness()
        let work = UnitOfWork(database: h.database, outbox: Outbox(schema: h.schema))
        let seen = try await work.run(
            { tx, events in
                events.emit(h.envelope())
                return 7
            },
            beforeCommit: { result, tx in
                #expect(result == 7)
                let n = try await tx.query("SELECT count(*) AS n FROM \(identifier: h.schema).outbox").rows[0].decode(Int.self, "n")
                #expect(n == 1)
            })
        #expect(seen == 7)
        await #expect(throws: Refused.self) {
            try await work.run({ tx, events in events.emit(h.envelope()) }, beforeCommit: { _, _ in throw Refused() })
        }
        #expect(try await h.count("outbox") == 1)
    }

    @Test("Inside someone else's transaction the events go in with it and are lost with its rollback")
    func withinAnotherTransaction() async throws {
        let h = try await Harness()
        let work = UnitOfWork(database: h.database, outbox: Outbox(schema: h.schema))
        try await h.database.withTransaction { tx in
            try await work.within(tx) { events in events.emit(h.envelope()) }
        }
        #expect(try await h.count("outbox") == 1)
        await #expect(throws: Refused.self) {
            try await h.database.withTransaction { tx in
                try await work.within(tx) { events in events.emit([h.envelope(), h.envelope()]) }
                throw Refused()
            }
        }
        #expect(try await h.count("outbox") == 1)
    }
}
