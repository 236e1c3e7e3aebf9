import AMQP
import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import XCTest

@testable import RoutingService

/// Revoke, update and replace both ways (Decree 30 art. 18; domain.md §1.4), through the real broker and PostgreSQL:
/// as receiver, a revocation (13) withdraws the document's tasks and waits for the clerk's 15 or 16; updates and
/// replacements link to the original. As sender, the clerk takes an issued document back (`document.recalled`) and
/// a draft may update or replace an issued one.
final class RevocationFlowTests: XCTestCase {
    struct Running {
        let publisher: AMQPPublisher
        let task: Task<Void, any Error>
    }

    func start(_ h: WorkflowHarness) async throws -> Running {
        let publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        let router = h.router(publisher: publisher)
        let task = Task { try await router.run() }
        let connected = try await eventually(.seconds(15)) { router.isConnected }
        XCTAssertTrue(connected, "router did not connect")
        return Running(publisher: publisher, task: task)
    }

    func stop(_ r: Running, _ h: WorkflowHarness) async {
        r.task.cancel()
        await r.publisher.close(grace: .seconds(2))
        await h.cleanUp()
    }

    func revocation(of doc: DocumentReceived, reason: String = "Gửi nhầm nơi nhận") -> DocumentRevoked {
        DocumentRevoked(
            edxmlDocumentId: doc.edxmlDocumentId, sender: WorkflowHarness.sender, reason: reason, staff: "Lò Thị Hoa",
            requestedAt: Date(timeIntervalSinceNow: -120), packet: doc.packet, receivedAt: Date())
    }

    func document(_ h: WorkflowHarness, _ id: UUID) async throws -> IncomingDocument? {
        try await h.store.document(id, agency: h.agency, on: h.database)
    }

    func testRevocationStopsTheTasksAndTheClerkAgrees15() async throws {
        let h = try await WorkflowHarness.make()
        let (doc, tasks) = try await h.assignedDocument()
        let running = try await start(h)
        try await h.publish([try Envelope(revocation(of: doc), agency: h.agency)], with: running.publisher)
        let revoked = try await eventually(.seconds(15)) { try await self.document(h, doc.documentId)?.state == .revoked }
        XCTAssertTrue(revoked, "document.revoked did not revoke the document")

        // Its handlers stop: every task withdrawn, none can be taken up.
        let after = try await h.store.tasks(ofDocument: doc.documentId, on: h.database)
        XCTAssertEqual(Set(after.map(\.state)), [.withdrawn])
        XCTAssertEqual(Set(after.compactMap(\.withdrawnReason)), ["revoked"])
        let main = try XCTUnwrap(tasks[h.people.specialists[0]])
        try await h.expect(.conflict, .post, h.path("tasks/\(main.id)/accept"), as: h.people.specialists[0], json: "{}")
        // The revocation's metadata is kept: who asked, when, why.
        let detail = try await h.send(.get, h.path("incoming/\(doc.documentId)"), as: h.people.head).json(IncomingRoutes.Detail.self)
        XCTAssertEqual(detail.document.revocation?.reason, "Gửi nhầm nơi nhận")
        XCTAssertEqual(detail.document.revocation?.staff, "Lò Thị Hoa")
        XCTAssertEqual(detail.document.revocation?.state, .requested)
        XCTAssertEqual(detail.document.revocation?.stateBefore, .assigned)
        let requested = try await h.audit("incoming.revocation_requested")
        XCTAssertEqual(requested.map(\.subject), [doc.documentId.lowercased])

        // Only the clerk answers; a leader may not.
        let answer = h.path("incoming/\(doc.documentId)/revocation/answer")
        try await h.expectCode("clerk_only", .post, answer, as: h.people.head, json: #"{"accept": true}"#)
        let agreed = try await h.send(.post, answer, as: h.people.clerk, json: #"{"accept": true, "note": "Đã hủy bản điện tử"}"#)
        XCTAssertEqual(agreed.status, .ok, agreed.text)
        XCTAssertEqual(try agreed.json(IncomingDocument.self).state, .revoked)
        XCTAssertEqual(try agreed.json(IncomingDocument.self).revocation?.state, .accepted)
        try await h.expect(.conflict, .post, answer, as: h.people.clerk, json: #"{"accept": true}"#, because: "answered once")

        // 15 goes back to the sender through status.outbound; numbering learns it from document.revocation_answered.
        let statuses = try await h.events(StatusOutbound.self).filter { $0.status == .changeAccepted }
        XCTAssertEqual(statuses.count, 1)
        XCTAssertEqual(statuses.first?.to, WorkflowHarness.sender)
        XCTAssertEqual(statuses.first?.edxmlDocumentId, doc.edxmlDocumentId)
        XCTAssertEqual(statuses.first?.documentCode, "123/STC-NS")
        XCTAssertEqual(statuses.first?.description, "Đồng ý thu hồi văn bản điện tử: Đã hủy bản điện tử")
        let answers = try await h.events(RevocationAnswered.self)
        XCTAssertEqual(answers.map(\.accepted), [true])
        XCTAssertEqual(answers.first?.answeredBy, h.people.clerk)
        await stop(running, h)
    }

    func testRefusal16PutsTheDocumentBackWhereItWas() async throws {
        let h = try await WorkflowHarness.make()
        let doc = try await h.registeredDocument()
        try await h.expect(.ok, .post, h.path("incoming/\(doc.documentId)/submit"), as: h.people.clerk, json: "{}")
        let running = try await start(h)
        try await h.publish([try Envelope(revocation(of: doc), agency: h.agency)], with: running.publisher)
        let revoked = try await eventually(.seconds(15)) { try await self.document(h, doc.documentId)?.state == .revoked }
        XCTAssertTrue(revoked)
        // While revoked the leader cannot assign it.
        let assign = #"{"main": {"account": "\#(h.people.specialists[0])"}}"#
        try await h.expect(.conflict, .post, h.path("incoming/\(doc.documentId)/assign"), as: h.people.head, json: assign)

        let answer = h.path("incoming/\(doc.documentId)/revocation/answer")
        try await h.expectCode("reason_required", .post, answer, as: h.people.clerk, json: #"{"accept": false}"#)
        let refused = try await h.send(.post, answer, as: h.people.clerk, json: #"{"accept": false, "note": "Văn bản đã được phân công xử lý"}"#)
        XCTAssertEqual(refused.status, .ok, refused.text)
        XCTAssertEqual(try refused.json(IncomingDocument.self).state, .submitted)
        let statuses = try await h.events(StatusOutbound.self)
        XCTAssertEqual(statuses.map(\.status), [.changeRejected])
        XCTAssertEqual(statuses.first?.description, "Từ chối thu hồi văn bản điện tử: Văn bản đã được phân công xử lý")
        let answers = try await h.events(RevocationAnswered.self)
        XCTAssertEqual(answers.map(\.accepted), [false])
        // The work goes on.
        try await h.expect(.ok, .post, h.path("incoming/\(doc.documentId)/assign"), as: h.people.head, json: assign)
        await stop(running, h)
    }

    func testUpdateAndReplacementLinkToTheOriginal() async throws {
        let h = try await WorkflowHarness.make()
        let running = try await start(h)
        let original = WorkflowHarness.received(subject: "Về việc lập dự toán")
        let replacement = WorkflowHarness.received(subject: "Về việc lập dự toán (thay thế)")
        let link = DocumentUpdated(
            change: .replacement, documentId: replacement.documentId, edxmlDocumentId: replacement.edxmlDocumentId,
            originals: [original.edxmlDocumentId], sender: WorkflowHarness.sender, reason: "Sai số liệu", staff: nil,
            packet: replacement.packet, receivedAt: Date())
        // The link first, then the documents: resolved when read.
        try await h.publish([try Envelope(link, agency: h.agency)], with: running.publisher)
        try await h.publish(
            [
                try Envelope(original, agency: h.agency), try Envelope(WorkflowHarness.registered(original, number: 5), agency: h.agency),
                try Envelope(replacement, agency: h.agency),
                try Envelope(WorkflowHarness.registered(replacement, number: 6), agency: h.agency),
            ], with: running.publisher)
        let arrived = try await eventually(.seconds(15)) {
            let count = try await h.database.query("SELECT count(*) AS n FROM \(identifier: h.schema).document_links").rows[0].decode(Int.self, "n")
            let replacing = try await self.document(h, replacement.documentId)
            let replaced = try await self.document(h, original.documentId)
            return count == 1 && replacing?.sender != nil && replaced?.sender != nil
        }
        XCTAssertTrue(arrived)
        let ofOriginal = try await h.send(.get, h.path("incoming/\(original.documentId)"), as: h.people.clerk).json(IncomingRoutes.Detail.self)
        XCTAssertEqual(ofOriginal.links.map(\.direction), [.changedBy])
        XCTAssertEqual(ofOriginal.links.first?.documentId, replacement.documentId)
        XCTAssertEqual(ofOriginal.links.first?.number, 6)
        XCTAssertEqual(ofOriginal.links.first?.change, .replacement)
        let ofReplacement = try await h.send(.get, h.path("incoming/\(replacement.documentId)"), as: h.people.clerk)
            .json(IncomingRoutes.Detail.self)
        XCTAssertEqual(ofReplacement.links.map(\.direction), [.changes])
        XCTAssertEqual(ofReplacement.links.first?.documentId, original.documentId)
        XCTAssertEqual(ofReplacement.links.first?.documentCode, "123/STC-NS")
        XCTAssertEqual(ofReplacement.links.first?.reason, "Sai số liệu")
        await stop(running, h)
    }

    /// As sender: an issued document is taken back with its reason (`document.recalled` for dispatch), once; a new
    /// draft may replace it.
    func testTheClerkRecallsAnIssuedDocumentAndADraftReplacesIt() async throws {
        let h = try await WorkflowHarness.make()
        let author = h.people.specialists[0]
        let created = try await h.send(
            .post, h.path("drafts"), as: author,
            json: #"{"documentType": "Công văn", "subject": "V/v kế hoạch chuyển đổi số", "recipients": ["000.00.01.H52", "000.00.02.H52"]}"#)
        XCTAssertEqual(created.status, .created, created.text)
        let id = try created.json(DraftDetail.self).draft.id
        let recall = h.path("drafts/\(id)/recall")
        try await h.expect(.conflict, .post, recall, as: h.people.clerk, json: #"{"reason": "Sai nơi nhận"}"#, because: "not issued yet")
        // Signing sealed it under its number (RecordDraftIssued's write).
        _ = try await h.database.query("""
            UPDATE \(identifier: h.schema).drafts SET state = 'issued', issued_number = '05/UBND-KT', issued_on = now() WHERE id = \(id)
            """)
        try await h.expectCode("clerk_or_leader_only", .post, recall, as: author, json: #"{"reason": "Sai nơi nhận"}"#)
        try await h.expectCode("reason_required", .post, recall, as: h.people.clerk, json: #"{"reason": "  "}"#)

        // A draft replacing it names it (only an issued one can be named).
        let replacing = try await h.send(
            .post, h.path("drafts"), as: author,
            json: #"{"documentType": "Công văn", "subject": "V/v kế hoạch chuyển đổi số (thay thế)", "recipients": ["000.00.01.H52"], "changes": {"draft": "\#(id)", "kind": "replacement"}}"#)
        XCTAssertEqual(replacing.status, .created, replacing.text)
        XCTAssertEqual(try replacing.json(DraftDetail.self).draft.changes, DraftChange(draft: id, kind: .replacement))
        let other = try replacing.json(DraftDetail.self).draft.id
        try await h.expectCode(
            "not_issued", .post, h.path("drafts"), as: author,
            json: #"{"documentType": "Công văn", "subject": "x", "recipients": ["000.00.01.H52"], "changes": {"draft": "\#(other)", "kind": "update"}}"#)

        let done = try await h.send(.post, recall, as: h.people.clerk, json: #"{"reason": "Sai nơi nhận"}"#)
        XCTAssertEqual(done.status, .ok, done.text)
        XCTAssertEqual(try done.json(Draft.self).recall?.reason, "Sai nơi nhận")
        let events = try await h.events(DocumentRecalled.self)
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events.first?.documentId, id)
        XCTAssertEqual(events.first?.documentCode, "05/UBND-KT")
        XCTAssertEqual(events.first?.reason, "Sai nơi nhận")
        XCTAssertEqual(events.first?.requestedBy, h.people.clerk)
        try await h.expectCode("already_recalled", .post, recall, as: h.people.clerk, json: #"{"reason": "lần nữa"}"#)
        let audited = try await h.audit("draft.recall")
        XCTAssertEqual(audited.map(\.subject), [id.lowercased])
        await h.cleanUp()
    }
}
