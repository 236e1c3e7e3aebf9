import Contracts
import Foundation
import TestSupport
import XCTest

@testable import RoutingService

/// When a person leaves, their open work moves to the successor the head names (art. 22.2.b): open tasks are given
/// again with the same role and deadline, drafts in progress change hands, the finished history stays the leaver's,
/// and every move is audited.
final class HandOverTests: XCTestCase {
    func testALeaversOpenTasksAndDraftsMoveToTheSuccessor() async throws {
        let h = try await WorkflowHarness.make()
        let leaver = h.people.specialists[0], successor = h.people.specialists[1]
        let (doc, tasks) = try await h.assignedDocument()
        let mainTask = try XCTUnwrap(tasks[leaver])
        try await h.expect(.ok, .post, h.path("tasks/\(mainTask.id)/accept"), as: leaver)
        // A second document the leaver already finished: it stays theirs.
        let (done, doneTasks) = try await h.assignedDocument()
        let finished = try XCTUnwrap(doneTasks[leaver])
        try await h.expect(.ok, .post, h.path("tasks/\(finished.id)/accept"), as: leaver)
        try await h.expect(.ok, .post, h.path("tasks/\(finished.id)/complete"), as: leaver, json: #"{"result": "Xong"}"#)
        let created = try await h.send(
            .post, h.path("drafts"), as: leaver,
            json: #"{"documentType": "Công văn", "subject": "V/v báo cáo quý IV", "recipients": ["000.00.01.H52"]}"#)
        XCTAssertEqual(created.status, .created, created.text)
        let draft = try created.json(DraftRoutes.Detail.self).draft.id

        try await h.expect(
            .ok, .post, h.path("users/\(leaver)/leave"), as: h.people.head, json: #"{"handedOverTo": "\#(h.people.departmentHead)"}"#)

        let after = try await h.store.tasks(ofDocument: doc.documentId, on: h.database)
        let old = try XCTUnwrap(after.first { $0.id == mainTask.id })
        XCTAssertEqual(old.state, .withdrawn)
        XCTAssertEqual(old.withdrawnReason, "handed_over")
        let given = try XCTUnwrap(after.first { $0.parentTaskId == mainTask.id })
        XCTAssertEqual(given.assignee, h.people.departmentHead)
        XCTAssertEqual(given.role, .main)
        XCTAssertEqual(given.deadline, mainTask.deadline, "the deadline stays")
        XCTAssertEqual(given.state, .assigned)
        XCTAssertEqual(after.first { $0.assignee == successor }?.state, .assigned, "others' tasks are untouched")
        let untouched = try await h.store.task(finished.id, agency: h.agency, on: h.database)
        XCTAssertEqual(untouched?.state, .completed, "finished work stays the leaver's")
        let doneTasksAfter = try await h.store.tasks(ofDocument: done.documentId, on: h.database)
        XCTAssertNil(doneTasksAfter.first { $0.assignee == h.people.departmentHead })

        // The successor carries on: accepts and completes the document.
        try await h.expect(.ok, .post, h.path("tasks/\(given.id)/accept"), as: h.people.departmentHead)
        try await h.expect(.ok, .post, h.path("tasks/\(given.id)/complete"), as: h.people.departmentHead, json: #"{"result": "Đã xử lý thay"}"#)
        // The draft is the successor's now; its first version still names its writer.
        let detail = try await h.send(.get, h.path("drafts/\(draft)"), as: h.people.departmentHead)
        XCTAssertEqual(detail.status, .ok, detail.text)
        let d = try detail.json(DraftRoutes.Detail.self)
        XCTAssertEqual(d.draft.author, h.people.departmentHead)
        XCTAssertEqual(d.version.author, leaver, "the version keeps its writer")

        let assigned = try await h.events(TaskAssigned.self)
        XCTAssertTrue(assigned.contains { $0.taskId == given.id && $0.assignee == h.people.departmentHead })
        let audit = try await h.audit("task.hand_over")
        XCTAssertEqual(audit.map(\.subject), [mainTask.id.uuidString.lowercased()])
        XCTAssertEqual(audit.first?.actor, h.people.head)
        try await assertEqual(try await h.audit("draft.hand_over").map(\.subject), [draft.uuidString.lowercased()])
        await h.cleanUp()
    }
}
