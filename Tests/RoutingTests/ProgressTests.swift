import Contracts
import Foundation
import TestSupport
import XCTest

@testable import RoutingService

/// The leaders' progress view counts main handlers' tasks by department: on time, late, overdue, open.
final class ProgressTests: XCTestCase {
    func testCountsByDepartment() async throws {
        let h = try await WorkflowHarness.make(now: vietnam(2026, 3, 2, 9))
        func assign(_ main: String, _ deadline: String) async throws -> HandlingTask {
            let doc = try await h.registeredDocument()
            _ = try await h.send(.post, h.path("incoming/\(doc.documentId)/submit"), as: h.people.clerk, json: "{}")
            let r = try await h.send(
                .post, h.path("incoming/\(doc.documentId)/assign"), as: h.people.head,
                json: #"{"main": {"account": "\#(main)"}, "deadline": \#(deadline)}"#)
            guard r.status == .ok else { throw TestFailure("assign: \(r.text)") }
            return try XCTUnwrap(try r.json(IncomingRoutes.Detail.self).tasks.first)
        }
        func finish(_ task: HandlingTask) async throws {
            try await h.expect(.ok, .post, h.path("tasks/\(task.id)/accept"), as: task.assignee)
            try await h.expect(.ok, .post, h.path("tasks/\(task.id)/complete"), as: task.assignee, json: #"{"result": "Xong"}"#)
        }
        // Due at the end of Tuesday 03/03.
        let onTime = try await assign(h.people.specialists[0], #"{"workingDays": 1}"#)
        let late = try await assign(h.people.specialists[1], #"{"workingDays": 1}"#)
        _ = try await assign(h.people.departmentHead, #"{"workingDays": 1}"#)
        _ = try await assign(h.people.deputy, #"{"date": "2026-03-31"}"#)
        h.clock.set(vietnam(2026, 3, 3, 15))
        try await finish(onTime)
        h.clock.set(vietnam(2026, 3, 5, 9))
        try await finish(late)

        let reply = try await h.send(.get, h.path("progress"), as: h.people.head)
        XCTAssertEqual(reply.status, .ok, reply.text)
        let rows = try reply.json(ProgressRoutes.Report.self).departments
        XCTAssertEqual(rows, [
            .init(departmentId: h.people.departmentId, department: "Phòng Tổng hợp", onTime: 1, late: 1, overdue: 1, open: 0),
            .init(departmentId: nil, department: nil, onTime: 0, late: 0, overdue: 0, open: 1),
        ])
        let earlier = try await h.send(.get, h.path("progress?from=2026-01-01&to=2026-03-01"), as: h.people.deputy)
        XCTAssertEqual(try earlier.json(ProgressRoutes.Report.self).departments, [], "nothing was assigned before March")
        for account in [h.people.clerk, h.people.specialists[0], h.people.departmentHead] {
            try await h.expect(.forbidden, .get, h.path("progress"), as: account, because: account)
        }
        try await h.expect(.badRequest, .get, h.path("progress?from=03/2026"), as: h.people.head)
        await h.cleanUp()
    }
}
