import Contracts
import Foundation
import TestSupport
import XCTest

@testable import RoutingService

/// Work passed on inside a department, over HTTP and PostgreSQL: the leader gives the department the document, its
/// head passes it to a specialist within the leader's deadline, the specialist completes it; the audit and the
/// events say who did what.
final class DepartmentHandOnFlowTests: XCTestCase {
    func testTheHeadOfDepartmentPassesWorkOnWithinTheLeadersDeadline() async throws {
        let h = try await WorkflowHarness.make()
        let doc = try await h.registeredDocument()
        let p = h.path("incoming/\(doc.documentId)")
        try await h.expect(.ok, .post, p + "/submit", as: h.people.clerk, json: "{}")
        let assigned = try await h.send(
            .post, p + "/assign", as: h.people.head,
            json: #"{"main": {"department": "\#(h.people.departmentId)"}, "deadline": {"workingDays": 5}}"#)
        XCTAssertEqual(assigned.status, .ok, assigned.text)
        let tasks = try await h.store.tasks(ofDocument: doc.documentId, on: h.database)
        let headsTask = try XCTUnwrap(tasks.first { $0.assignee == h.people.departmentHead })
        let passOn = h.path("tasks/\(headsTask.id)/pass-on")

        // Beyond the leader's deadline: refused with the leader's date, nothing changes.
        let late = try await h.send(.post, passOn, as: h.people.departmentHead, json: #"{"main": "\#(h.people.specialists[0])", "deadline": {"workingDays": 9}}"#)
        XCTAssertEqual(late.status, .unprocessableContent, late.text)
        XCTAssertEqual(late.object["code"] as? String, "deadline_beyond_leader")
        XCTAssertTrue(late.message.vi.contains("hạn lãnh đạo giao"), late.text)
        // Not the head of department, or to someone outside it: refused.
        try await h.expect(.forbidden, .post, passOn, as: h.people.specialists[0], json: #"{"main": "\#(h.people.specialists[1])"}"#)
        try await h.expectCode("not_in_department", .post, passOn, as: h.people.departmentHead, json: #"{"main": "\#(h.people.clerk)"}"#)
        try await h.expectCode("not_in_department", .post, passOn, as: h.people.departmentHead, json: #"{"main": "khongco.ubnd"}"#)

        let given = try await h.send(
            .post, passOn, as: h.people.departmentHead,
            json: #"{"main": "\#(h.people.specialists[0])", "cooperating": ["\#(h.people.specialists[1])"], "deadline": {"workingDays": 3}, "note": "Đồng chí Hoa chủ trì"}"#)
        XCTAssertEqual(given.status, .created, given.text)
        struct Given: Decodable { var items: [HandlingTask] }
        let items = try given.json(Given.self).items
        XCTAssertEqual(items.map(\.assignee), [h.people.specialists[0], h.people.specialists[1]])
        XCTAssertEqual(items.map(\.role), [.main, .cooperating])
        XCTAssertTrue(items.allSatisfy { $0.parentTaskId == headsTask.id })
        XCTAssertLessThan(try XCTUnwrap(items[0].deadline), try XCTUnwrap(headsTask.deadline))
        let closed = try await h.store.task(headsTask.id, agency: h.agency, on: h.database)
        XCTAssertEqual(closed?.state, .passedOn)
        try await h.expect(.conflict, .post, passOn, as: h.people.departmentHead, json: #"{"main": "\#(h.people.specialists[1])"}"#, because: "passed on twice")

        // The specialist carries the document to the end; the head of department still reads it.
        try await h.expect(.ok, .post, h.path("tasks/\(items[0].id)/accept"), as: h.people.specialists[0])
        try await h.expect(.ok, .post, h.path("tasks/\(items[0].id)/complete"), as: h.people.specialists[0], json: #"{"result": "Đã tham mưu văn bản trả lời"}"#)
        try await h.expect(.ok, .get, p, as: h.people.departmentHead)
        let assignedEvents = try await h.events(TaskAssigned.self)
        XCTAssertEqual(Set(assignedEvents.map(\.assignee)), [h.people.departmentHead, h.people.specialists[0], h.people.specialists[1]])
        let audit = try await h.audit("task.pass_on")
        XCTAssertEqual(audit.first?.actor, h.people.departmentHead)
        XCTAssertEqual(audit.first?.subject, headsTask.id.uuidString.lowercased())
        await h.cleanUp()
    }
}
