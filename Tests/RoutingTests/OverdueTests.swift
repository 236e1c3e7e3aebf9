import Contracts
import Foundation
import Storage
import TestSupport
import XCTest

@testable import RoutingService

/// `task.overdue` goes out once per task and threshold, however many copies of routing check at once.
final class OverdueTests: XCTestCase {
    func scheduler(_ h: WorkflowHarness, database: PGClient? = nil) -> OverdueScheduler {
        let clock = h.clock
        return OverdueScheduler(
            database: database ?? h.database, outbox: h.outbox, schema: h.schema, settings: .init(interval: .seconds(1), dueSoonWorkingDays: 1),
            logger: TestEnv.logger, now: { clock.now })
    }

    func testEachThresholdIsEmittedOnceEvenWithCopiesRunningConcurrently() async throws {
        // Assigned Monday 02/03/2026 for 2 working days: due at the end of Wednesday 04/03.
        let h = try await WorkflowHarness.make(now: vietnam(2026, 3, 2, 9))
        let (doc, tasks) = try await h.assignedDocument(deadline: #"{"workingDays": 2}"#)
        let secondCopy = PGClient(url: TestEnv.pgURL, maxConnections: 4, logger: TestEnv.logger)
        let a = scheduler(h), b = scheduler(h, database: secondCopy)

        let monday = try await a.tick()
        XCTAssertEqual(monday, 0, "nothing is due on the day of assignment")
        h.clock.set(vietnam(2026, 3, 4, 8))  // the last day
        async let first = a.tick()
        async let second = b.tick()
        async let third = a.tick()
        let dueSoon = try await [first, second, third]
        XCTAssertEqual(dueSoon.reduce(0, +), 2, "one due-soon alert for each of the two handlers, from three concurrent runs: \(dueSoon)")
        let repeated = try await b.tick()
        XCTAssertEqual(repeated, 0)

        h.clock.set(vietnam(2026, 3, 5, 0, 1))  // just past 24:00 of the deadline
        async let x = a.tick()
        async let y = b.tick()
        let overdue = try await [x, y]
        XCTAssertEqual(overdue.reduce(0, +), 2, "\(overdue)")
        let none = try await a.tick()
        XCTAssertEqual(none, 0)

        let events = try await h.events(TaskOverdue.self)
        XCTAssertEqual(events.map(\.threshold), [.dueSoon, .dueSoon, .overdue, .overdue])
        XCTAssertEqual(Set(events.map(\.taskId)), Set(tasks.values.map(\.id)))
        XCTAssertEqual(Set(events.map(\.documentId)), [doc.documentId])
        XCTAssertEqual(events[0].escalateTo, [], "a due-soon alert is for the handler only")
        XCTAssertEqual(events[2].escalateTo, [h.people.head, h.people.deputy], "overdue goes up to the agency's leaders, head first")
        XCTAssertEqual(events[2].deadline, vietnam(2026, 3, 5, 0))
        await secondCopy.shutdown()
        await h.cleanUp()
    }

    func testCompletedTasksAndTasksWithoutDeadlineRaiseNothing() async throws {
        let h = try await WorkflowHarness.make(now: vietnam(2026, 3, 2, 9))
        let (_, tasks) = try await h.assignedDocument(deadline: #"{"workingDays": 1}"#)
        let main = h.people.specialists[0]
        let task = try XCTUnwrap(tasks[main])
        try await h.expect(.ok, .post, h.path("tasks/\(task.id)/accept"), as: main)
        try await h.expect(.ok, .post, h.path("tasks/\(task.id)/complete"), as: main, json: #"{"result": "Xong"}"#)
        let undated = try await h.registeredDocument()
        _ = try await h.send(.post, h.path("incoming/\(undated.documentId)/submit"), as: h.people.clerk, json: "{}")
        let assigned = try await h.send(
            .post, h.path("incoming/\(undated.documentId)/assign"), as: h.people.head, json: #"{"main": {"account": "\#(main)"}}"#)
        XCTAssertEqual(assigned.status, .ok, assigned.text)

        h.clock.set(vietnam(2026, 3, 20))
        let emitted = try await scheduler(h).tick()
        XCTAssertEqual(emitted, 0)
        await h.cleanUp()
    }

    /// Due soon from the start of the last working day: for a deadline at the end of Monday 23/02/2026 (after Tết)
    /// with two days' warning, the alert starts on Friday 13/02, before the holiday.
    func testDueSoonCountsWorkingDaysBackOverTet() {
        XCTAssertEqual(DeadlineRules.dueSoonAt(deadline: vietnam(2026, 2, 24, 0), workingDaysBefore: 1), vietnam(2026, 2, 23, 0))
        XCTAssertEqual(DeadlineRules.dueSoonAt(deadline: vietnam(2026, 2, 24, 0), workingDaysBefore: 2), vietnam(2026, 2, 13, 0))
    }
}
