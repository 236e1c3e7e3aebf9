import AMQP
import Contracts
import Foundation
import Messaging
import TestSupport
import XCTest

@testable import RoutingService

/// An incoming document from `document.registered` on the real broker to 06 hoàn thành, with the statuses the
/// sender gets and the events other services consume, all from the outbox.
final class IncomingFlowTests: XCTestCase {
    func testFullFlowFromRegisteredToCompletedSendsStatuses040506InOrder() async throws {
        let h = try await WorkflowHarness.make()
        let publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        let router = h.router(publisher: publisher)
        let running = Task { try await router.run() }
        defer { running.cancel() }
        let connected = try await eventually(.seconds(15)) { router.isConnected }
        XCTAssertTrue(connected, "router did not connect")

        // Intake's event and numbering's, as they arrive on the bus.
        let received = WorkflowHarness.received()
        let flow = UUID()
        try await h.publish(
            [
                try Envelope(received, correlationId: flow, agency: h.agency),
                try Envelope(WorkflowHarness.registered(received, number: 42), correlationId: flow, agency: h.agency),
            ], with: publisher)
        let arrived = try await eventually(.seconds(15)) {
            let document = try await h.store.document(received.documentId, agency: h.agency, on: h.database)
            return document?.state == .registered && document?.sender != nil  // the two events may come in either order
        }
        XCTAssertTrue(arrived, "document.registered and document.received did not make a registered item")

        let list = try await h.send(.get, h.path("incoming?state=registered"), as: h.people.clerk)
        XCTAssertEqual(list.status, .ok)
        let page = try list.json(IncomingRoutes.Page.self)
        XCTAssertEqual(page.items.map(\.documentId), [received.documentId])
        XCTAssertEqual(page.items.first?.number, 42)
        XCTAssertEqual(page.items.first?.sender, WorkflowHarness.sender)

        // Clerk submits, head assigns: main handler, a co-handler and the department as readers.
        let docPath = h.path("incoming/\(received.documentId)")
        let submitted = try await h.send(.post, docPath + "/submit", as: h.people.clerk, json: #"{"to": "\#(h.people.head)"}"#)
        XCTAssertEqual(submitted.status, .ok, submitted.text)
        let main = h.people.specialists[0], cooperating = h.people.specialists[1]
        let assigned = try await h.send(
            .post, docPath + "/assign", as: h.people.head,
            json: #"{"main": {"account": "\#(main)"}, "cooperating": [{"account": "\#(cooperating)"}], "readers": [{"department": "\#(h.people.departmentId)"}], "deadline": {"workingDays": 5}}"#)
        XCTAssertEqual(assigned.status, .ok, assigned.text)
        let tasks = try assigned.json(IncomingRoutes.Detail.self).tasks
        // The department as reader reaches every member not already named: its head.
        XCTAssertEqual(tasks.map { "\($0.role.rawValue):\($0.assignee)" }, ["main:\(main)", "cooperating:\(cooperating)", "reader:\(h.people.departmentHead)"])
        let events = try await h.events(TaskAssigned.self)
        XCTAssertEqual(events.map(\.assignee), [main, cooperating, h.people.departmentHead])
        XCTAssertEqual(events.map(\.assignedBy), Array(repeating: h.people.head, count: 3))
        XCTAssertNotNil(events[0].deadline)
        XCTAssertNil(events[2].deadline, "readers have no deadline")
        let assignedEnvelopes = try await h.envelopes(TaskAssigned.type)
        XCTAssertEqual(Set(assignedEnvelopes.map(\.correlationId)), [flow], "the flow's correlation id carries on")

        // The main handler accepts; the co-handler sends an opinion; the main handler reads it and completes.
        let mainTask = try XCTUnwrap(tasks.first { $0.role == .main })
        let coTask = try XCTUnwrap(tasks.first { $0.role == .cooperating })
        let accepted = try await h.send(.post, h.path("tasks/\(mainTask.id)/accept"), as: main)
        XCTAssertEqual(accepted.status, .ok, accepted.text)
        let opinion = try await h.send(.post, h.path("tasks/\(coTask.id)/opinions"), as: cooperating, json: #"{"text": "Đề nghị bổ sung số liệu quý I."}"#)
        XCTAssertEqual(opinion.status, .created, opinion.text)
        let seen = try await h.send(.get, docPath, as: main).json(IncomingRoutes.Detail.self)
        XCTAssertEqual(seen.opinions.map(\.body), ["Đề nghị bổ sung số liệu quý I."])
        XCTAssertEqual(seen.document.state, .processing)
        let completed = try await h.send(.post, h.path("tasks/\(mainTask.id)/complete"), as: main, json: #"{"result": "Đã báo cáo UBND tỉnh."}"#)
        XCTAssertEqual(completed.status, .ok, completed.text)

        let statuses = try await h.events(StatusOutbound.self)
        XCTAssertEqual(statuses.map(\.status), [.assigned, .processing, .finished])
        XCTAssertEqual(Set(statuses.map(\.to)), [WorkflowHarness.sender])
        XCTAssertEqual(statuses.first?.from, Organization(code: h.agency, name: "Ủy ban nhân dân tỉnh Sơn La"))
        XCTAssertEqual(statuses.first?.edxmlDocumentId, received.edxmlDocumentId)
        XCTAssertEqual(statuses.first?.documentCode, "123/STC-NS")
        XCTAssertEqual(statuses.first?.staff, "Nguyễn Đức Việt")
        let done = try await h.events(TaskCompleted.self)
        XCTAssertEqual(done.map(\.taskId), [mainTask.id])
        XCTAssertEqual(done.first?.result, "Đã báo cáo UBND tỉnh.")
        let final = try await h.store.document(received.documentId, agency: h.agency, on: h.database)
        XCTAssertEqual(final?.state, .completed)
        let actions = try await ["incoming.registered", "incoming.submit", "incoming.assign", "task.accept", "task.opinion", "task.complete"]
            .asyncMap { try await h.audit($0).count }
        XCTAssertEqual(actions, [1, 1, 1, 1, 1, 1], "every action is in the audit log once")

        running.cancel()
        _ = await running.result
        await publisher.close(grace: .seconds(2))
        await h.cleanUp()
    }

    func testRedeliveredRegisteredChangesNothingTwice() async throws {
        let h = try await WorkflowHarness.make()
        let publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        let router = h.router(publisher: publisher)
        let running = Task { try await router.run() }
        let connected = try await eventually(.seconds(15)) { router.isConnected }
        XCTAssertTrue(connected, "router did not connect")

        let received = WorkflowHarness.received()
        let registered = try Envelope(WorkflowHarness.registered(received, number: 7), agency: h.agency)
        try await h.publish([try Envelope(received, agency: h.agency), registered], with: publisher)
        let arrived = try await eventually(.seconds(15)) {
            try await h.store.document(received.documentId, agency: h.agency, on: h.database)?.state == .registered
        }
        XCTAssertTrue(arrived)
        // The clerk moves it on; then the same message comes again, and numbering's answer to a duplicate receipt
        // (same document and number, a new message id).
        let submitted = try await h.send(.post, h.path("incoming/\(received.documentId)/submit"), as: h.people.clerk, json: "{}")
        XCTAssertEqual(submitted.status, .ok, submitted.text)
        let again = try Envelope(WorkflowHarness.registered(received, number: 7), agency: h.agency)
        try await h.publish([registered, again], with: publisher)
        let handled = try await eventually(.seconds(15)) {
            try await h.database.query("SELECT count(*) AS n FROM \(identifier: h.schema).inbox WHERE message_id = \(again.id)")
                .rows[0].decode(Int.self, "n") == 1
        }
        XCTAssertTrue(handled, "the second copy was not consumed")
        try await Task.sleep(for: .milliseconds(500))  // the redelivered first copy, if it were handled, would be by now

        let document = try await h.store.document(received.documentId, agency: h.agency, on: h.database)
        XCTAssertEqual(document?.state, .submitted, "a repeated document.registered does not reset the workflow")
        XCTAssertEqual(document?.number, 7)
        let rows = try await h.database.query(
            "SELECT count(*) AS n FROM \(identifier: h.schema).incoming_documents WHERE document_id = \(received.documentId)").rows[0]
        XCTAssertEqual(try rows.decode(Int.self, "n"), 1)
        let audited = try await h.audit("incoming.registered")
        XCTAssertEqual(audited.count, 1)

        running.cancel()
        _ = await running.result
        await publisher.close(grace: .seconds(2))
        await h.cleanUp()
    }

    /// numbering may publish `document.registered` before routing has read `document.received`.
    func testRegisteredBeforeReceivedStillGetsTheSenderDetails() async throws {
        let h = try await WorkflowHarness.make()
        let received = WorkflowHarness.received()
        let store = h.store
        try await h.database.withTransaction { tx in
            _ = try await store.recordRegistered(WorkflowHarness.registered(received, number: 3), agency: h.agency, correlationId: received.documentId, in: tx)
        }
        let early = try await h.store.document(received.documentId, agency: h.agency, on: h.database)
        XCTAssertEqual(early?.state, .registered)
        XCTAssertNil(early?.sender)
        try await h.database.withTransaction { tx in
            try await store.recordReceived(received, agency: h.agency, correlationId: received.documentId, in: tx)
        }
        let later = try await h.store.document(received.documentId, agency: h.agency, on: h.database)
        XCTAssertEqual(later?.state, .registered)
        XCTAssertEqual(later?.number, 3)
        XCTAssertEqual(later?.sender, WorkflowHarness.sender)
        XCTAssertEqual(later?.documentCode, "123/STC-NS")

        // Without the sender's details no status can go back, so the assignment waits for them.
        let bare = WorkflowHarness.received()
        try await h.database.withTransaction { tx in
            _ = try await store.recordRegistered(WorkflowHarness.registered(bare, number: 4), agency: h.agency, correlationId: bare.documentId, in: tx)
        }
        try await h.expect(.ok, .post, h.path("incoming/\(bare.documentId)/submit"), as: h.people.clerk, json: "{}")
        try await h.expectCode(
            "details_missing", .post, h.path("incoming/\(bare.documentId)/assign"), as: h.people.head,
            json: #"{"main": {"account": "\#(h.people.specialists[0])"}}"#)
        let tasks = try await h.store.tasks(ofDocument: bare.documentId, on: h.database)
        XCTAssertTrue(tasks.isEmpty, "nothing of the refused assignment stays")
        await h.cleanUp()
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await transform(e)) }
        return out
    }
}
