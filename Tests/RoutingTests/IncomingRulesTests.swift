import Contracts
import Foundation
import TestSupport
import XCTest

@testable import RoutingService

/// Who may do what to an incoming document, and what each state allows, over HTTP.
final class IncomingRulesTests: XCTestCase {
    func testOnlyTheClerkSubmitsAndOnlyLeadersAssign() async throws {
        let h = try await WorkflowHarness.make()
        let doc = try await h.registeredDocument()
        let p = h.path("incoming/\(doc.documentId)")
        let assignBody = #"{"main": {"account": "\#(h.people.specialists[0])"}}"#

        for account in [h.people.head, h.people.specialists[0], h.people.departmentHead] {
            let r = try await h.send(.post, p + "/submit", as: account, json: "{}")
            XCTAssertEqual(r.status, .forbidden, "\(account) submitted")
        }
        // Before the clerk submits, even the head cannot assign: 409 with a message in both languages.
        let early = try await h.send(.post, p + "/assign", as: h.people.head, json: assignBody)
        XCTAssertEqual(early.status, .conflict)
        XCTAssertEqual(early.object["code"] as? String, "illegal_transition")
        XCTAssertTrue(early.message.vi.contains("chưa được văn thư trình"), early.text)
        XCTAssertTrue(early.message.en.contains("has not submitted"), early.text)

        try await h.expect(.ok, .post, p + "/submit", as: h.people.clerk, json: "{}")
        try await h.expect(.conflict, .post, p + "/submit", as: h.people.clerk, json: "{}", because: "submitted twice")
        for account in [h.people.clerk, h.people.specialists[1], h.people.departmentHead, h.people.admin] {
            let r = try await h.send(.post, p + "/assign", as: account, json: assignBody)
            XCTAssertEqual(r.status, .forbidden, "\(account) assigned")
        }
        // The deputy is a leader too.
        let byDeputy = try await h.send(.post, p + "/assign", as: h.people.deputy, json: assignBody)
        XCTAssertEqual(byDeputy.status, .ok, byDeputy.text)
        try await h.expect(.conflict, .post, p + "/assign", as: h.people.head, json: assignBody, because: "assigned twice")
        await h.cleanUp()
    }

    /// Head and deputy press "assign" at the same moment: one assignment wins, the other is told it is done.
    func testConcurrentAssignmentsLeaveOneMainHandler() async throws {
        let h = try await WorkflowHarness.make()
        let doc = try await h.registeredDocument()
        let p = h.path("incoming/\(doc.documentId)")
        try await h.expect(.ok, .post, p + "/submit", as: h.people.clerk, json: "{}")
        async let byHead = h.send(.post, p + "/assign", as: h.people.head, json: #"{"main": {"account": "\#(h.people.specialists[0])"}}"#)
        async let byDeputy = h.send(.post, p + "/assign", as: h.people.deputy, json: #"{"main": {"account": "\#(h.people.specialists[1])"}}"#)
        let statuses = try await [byHead.status, byDeputy.status].map(\.code).sorted()
        XCTAssertEqual(statuses, [200, 409])
        let tasks = try await h.store.tasks(ofDocument: doc.documentId, on: h.database)
        XCTAssertEqual(tasks.filter { $0.role == .main }.count, 1)
        let assigned = try await h.events(TaskAssigned.self)
        XCTAssertEqual(assigned.count, 1)
        let statusReplies = try await h.events(StatusOutbound.self)
        XCTAssertEqual(statusReplies.map(\.status), [.assigned])
        await h.cleanUp()
    }

    func testHandlersActOnlyOnTheirOwnTasksInOrder() async throws {
        let h = try await WorkflowHarness.make()
        let (_, tasks) = try await h.assignedDocument()
        let main = h.people.specialists[0], co = h.people.specialists[1]
        let mainTask = try XCTUnwrap(tasks[main]), coTask = try XCTUnwrap(tasks[co])

        let early = try await h.send(.post, h.path("tasks/\(mainTask.id)/complete"), as: main, json: #"{"result": "xong"}"#)
        XCTAssertEqual(early.status, .conflict, "completed before accepting")
        try await h.expect(.forbidden, .post, h.path("tasks/\(mainTask.id)/accept"), as: co, because: "someone else's task")
        try await h.expect(.forbidden, .post, h.path("tasks/\(mainTask.id)/accept"), as: h.people.head)
        try await h.expect(.ok, .post, h.path("tasks/\(mainTask.id)/accept"), as: main)
        try await h.expect(.conflict, .post, h.path("tasks/\(mainTask.id)/accept"), as: main, because: "accepted twice")
        try await h.expect(.forbidden, .post, h.path("tasks/\(mainTask.id)/opinions"), as: main, json: #"{"text": "x"}"#, because: "the main handler sends no opinion to themself")
        try await h.expect(.forbidden, .post, h.path("tasks/\(coTask.id)/complete"), as: co, json: #"{"result": "x"}"#, because: "a co-handler does not complete the document")
        try await h.expect(.badRequest, .post, h.path("tasks/\(coTask.id)/opinions"), as: co, json: #"{"text": ""}"#)
        try await h.expect(.badRequest, .post, h.path("tasks/\(mainTask.id)/complete"), as: main, json: "{}", because: "no result")
        try await h.expect(.ok, .post, h.path("tasks/\(mainTask.id)/complete"), as: main, json: #"{"result": "Đã xử lý"}"#)
        try await h.expect(.conflict, .post, h.path("tasks/\(coTask.id)/opinions"), as: co, json: #"{"text": "muộn"}"#, because: "opinions end with the document")
        // Inbox: the co-handler's part ended with the document.
        let inbox = try await h.send(.get, h.path("inbox"), as: co).json(TaskRoutes.InboxPage.self)
        XCTAssertTrue(inbox.items.isEmpty)
        let all = try await h.send(.get, h.path("inbox?state=all"), as: co).json(TaskRoutes.InboxPage.self)
        XCTAssertEqual(all.items.map(\.task.state), [.completed])
        XCTAssertNil(all.items.first?.task.result)
        await h.cleanUp()
    }

    func testOtherAgenciesNeitherReadNorWrite() async throws {
        let h = try await WorkflowHarness.make()
        let (doc, tasks) = try await h.assignedDocument()
        let otherHead = h.people.otherHead
        let mainTask = try XCTUnwrap(tasks[h.people.specialists[0]])

        // Through our agency's paths: refused by the agency check.
        try await h.expect(.forbidden, .get, h.path("incoming/\(doc.documentId)"), as: otherHead)
        try await h.expect(.forbidden, .get, h.path("incoming"), as: otherHead)
        try await h.expect(.forbidden, .post, h.path("incoming/\(doc.documentId)/recall"), as: otherHead, json: "{}")
        try await h.expect(.forbidden, .get, h.path("progress"), as: otherHead)
        // Through their own agency's paths: our document and task do not exist there.
        let other = PeopleFixtures.otherAgency
        try await h.expect(.notFound, .get, h.path("incoming/\(doc.documentId)", agency: other), as: otherHead)
        try await h.expect(.notFound, .post, h.path("incoming/\(doc.documentId)/recall", agency: other), as: otherHead, json: "{}")
        try await h.expect(.notFound, .post, h.path("tasks/\(mainTask.id)/accept", agency: other), as: otherHead)
        // And our people cannot assign to theirs.
        let second = try await h.registeredDocument()
        _ = try await h.send(.post, h.path("incoming/\(second.documentId)/submit"), as: h.people.clerk, json: "{}")
        let foreign = try await h.send(
            .post, h.path("incoming/\(second.documentId)/assign"), as: h.people.head, json: #"{"main": {"account": "\#(otherHead)"}}"#)
        XCTAssertEqual(foreign.status, .unprocessableContent)
        XCTAssertEqual(foreign.object["code"] as? String, "assignee_unknown")
        await h.cleanUp()
    }

    func testADelegateAssignsOnlyUnderAnApprovedDelegation() async throws {
        let h = try await WorkflowHarness.make()
        let doc = try await h.registeredDocument()
        let p = h.path("incoming/\(doc.documentId)")
        try await h.expect(.ok, .post, p + "/submit", as: h.people.clerk, json: "{}")
        let body = #"{"main": {"account": "\#(h.people.specialists[0])"}, "deadline": {"date": "2099-12-31"}}"#
        let delegate = h.people.departmentHead
        let token = try await h.people.token(delegate, onBehalfOf: h.people.head)

        // Only requested, not approved: refused.
        try await h.delegate(from: h.people.head, to: delegate, approved: false)
        let refused = try await h.send(.post, p + "/assign", token: token, json: body)
        XCTAssertEqual(refused.status, .forbidden)
        XCTAssertEqual(refused.object["code"] as? String, "delegation_not_active")
        // On their own account the department head may not assign either.
        try await h.expect(.forbidden, .post, p + "/assign", as: delegate, json: body)

        try await h.delegate(from: h.people.head, to: delegate, approved: true)
        let assigned = try await h.send(.post, p + "/assign", token: token, json: body)
        XCTAssertEqual(assigned.status, .ok, assigned.text)
        let event = try await h.events(TaskAssigned.self).first
        XCTAssertEqual(event?.assignedBy, delegate)
        XCTAssertEqual(event?.onBehalfOf, h.people.head)
        let audited = try await h.audit("incoming.assign")
        XCTAssertEqual(
            audited,
            [.init(actor: delegate, onBehalfOf: h.people.head, action: "incoming.assign", subject: doc.documentId.uuidString.lowercased())])
        XCTAssertEqual(event?.deadline, vietnam(2100, 1, 1, 0), "a date deadline ends at 24:00 Vietnam time")
        await h.cleanUp()
    }

    func testReassignAndRecall() async throws {
        let h = try await WorkflowHarness.make()
        let (doc, tasks) = try await h.assignedDocument()
        let p = h.path("incoming/\(doc.documentId)")
        let first = try XCTUnwrap(tasks[h.people.specialists[0]])
        try await h.expect(.ok, .post, h.path("tasks/\(first.id)/accept"), as: h.people.specialists[0])

        try await h.expect(.forbidden, .post, p + "/reassign", as: h.people.specialists[1], json: #"{"main": {"account": "\#(h.people.departmentHead)"}}"#)
        let reassigned = try await h.send(
            .post, p + "/reassign", as: h.people.head, json: #"{"main": {"department": "\#(h.people.departmentId)"}, "reason": "Chuyển phòng"}"#)
        XCTAssertEqual(reassigned.status, .ok, reassigned.text)
        let newTask = try reassigned.json(HandlingTask.self)
        XCTAssertEqual(newTask.assignee, h.people.departmentHead, "a department as main handler goes to its head")
        XCTAssertEqual(newTask.deadline, first.deadline, "the deadline is kept")
        try await h.expect(.ok, .post, h.path("tasks/\(newTask.id)/accept"), as: h.people.departmentHead)
        let statuses = try await h.events(StatusOutbound.self)
        XCTAssertEqual(statuses.map(\.status), [.assigned, .processing], "the new main handler's acceptance sends no second 05")
        let old = try await h.store.task(first.id, agency: h.agency, on: h.database)
        XCTAssertEqual(old?.state, .withdrawn)
        try await h.expect(.conflict, .post, h.path("tasks/\(first.id)/complete"), as: h.people.specialists[0], json: #"{"result": "x"}"#, because: "the old main handler can no longer complete")

        let recalled = try await h.send(.post, p + "/recall", as: h.people.deputy, json: #"{"reason": "Giao nhầm"}"#)
        XCTAssertEqual(recalled.status, .ok, recalled.text)
        XCTAssertEqual(try recalled.json(IncomingDocument.self).state, .submitted)
        let open = try await h.store.tasks(ofDocument: doc.documentId, on: h.database).filter { $0.state.isOpen }
        XCTAssertTrue(open.isEmpty, "recall closes every task")
        try await h.expect(.conflict, .post, p + "/recall", as: h.people.head, json: "{}", because: "nothing left to recall")
        // It can be assigned again.
        let again = try await h.send(.post, p + "/assign", as: h.people.head, json: #"{"main": {"account": "\#(h.people.specialists[1])"}}"#)
        XCTAssertEqual(again.status, .ok, again.text)
        let recalls = try await h.audit("incoming.recall")
        XCTAssertEqual(recalls.first?.actor, h.people.deputy)
        await h.cleanUp()
    }

    /// Assigned on Friday 13/02/2026 for 3 working days: Tết (16–20/02) and two weekends do not count, so the
    /// deadline is the end of Wednesday 25/02, not of 18/02.
    func testDeadlineInWorkingDaysSkipsTet() async throws {
        let h = try await WorkflowHarness.make(now: vietnam(2026, 2, 13, 10))
        let (_, tasks) = try await h.assignedDocument(deadline: #"{"workingDays": 3}"#)
        XCTAssertEqual(tasks[h.people.specialists[0]]?.deadline, vietnam(2026, 2, 26, 0))
        XCTAssertEqual(tasks[h.people.specialists[1]]?.deadline, vietnam(2026, 2, 26, 0))

        let doc = try await h.registeredDocument()
        _ = try await h.send(.post, h.path("incoming/\(doc.documentId)/submit"), as: h.people.clerk, json: "{}")
        for bad in [#"{"workingDays": 0}"#, #"{"date": "2026-02-30"}"#, #"{"date": "2026-02-20", "workingDays": 2}"#] {
            let r = try await h.send(
                .post, h.path("incoming/\(doc.documentId)/assign"), as: h.people.head,
                json: #"{"main": {"account": "\#(h.people.specialists[0])"}, "deadline": \#(bad)}"#)
            XCTAssertEqual(r.status, .badRequest, bad)
        }
        let past = try await h.send(
            .post, h.path("incoming/\(doc.documentId)/assign"), as: h.people.head,
            json: #"{"main": {"account": "\#(h.people.specialists[0])"}, "deadline": {"date": "2026-02-12"}}"#)
        XCTAssertEqual(past.status, .unprocessableContent)
        await h.cleanUp()
    }
}
