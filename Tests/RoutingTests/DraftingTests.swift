import AMQP
import Auth
import Contracts
import Foundation
import Messaging
import TestSupport
import XCTest

@testable import RoutingService

/// Outgoing drafting from a specialist's first version to the head's approval and `signing.requested`.
final class DraftingTests: XCTestCase {
    static let pdf1 = Array("%PDF-1.7\n% Dự thảo lần 1\n".utf8)
    static let pdf2 = Array("%PDF-1.7\n% Dự thảo lần 2, đã sửa theo ý kiến\n".utf8)
    static let xlsx: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array("phụ lục số liệu".utf8)

    func create(_ h: WorkflowHarness, as account: String, json: String? = nil) async throws -> PeopleFixtures.Reply {
        try await h.send(
            .post, h.path("drafts"), as: account,
            json: json ?? #"{"documentType": "Công văn", "subject": "V/v triển khai kế hoạch chuyển đổi số năm 2027", "recipients": ["000.00.01.H52", "000.00.02.H52"]}"#)
    }

    /// The draft through upload, submission to the head and approval: it waits for its seal.
    func approve(_ h: WorkflowHarness, _ id: UUID, author: String) async throws {
        let p = h.path("drafts/\(id)")
        try await h.expect(.ok, .put, p + "/files/du-thao.pdf?kind=main", as: author, bytes: Self.pdf1)
        try await h.expect(.ok, .post, p + "/submit", as: author, json: #"{"leader": "\#(h.people.head)"}"#)
        try await h.expect(.ok, .post, p + "/approve", as: h.people.head, json: "{}")
    }

    /// Runs `body` while routing's handlers consume the harness's queues on the real broker.
    func withRouter(_ h: WorkflowHarness, _ body: (AMQPPublisher) async throws -> Void) async throws {
        let publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        let router = h.router(publisher: publisher)
        let running = Task { try await router.run() }
        let connected = try await eventually(.seconds(15)) { router.isConnected }
        XCTAssertTrue(connected, "router did not connect")
        do { try await body(publisher) } catch {
            running.cancel()
            _ = await running.result
            await publisher.close(grace: .seconds(2))
            throw error
        }
        running.cancel()
        _ = await running.result
        await publisher.close(grace: .seconds(2))
    }

    func testFullDraftingFlowEndsInSigningRequested() async throws {
        let h = try await WorkflowHarness.make()
        let author = h.people.specialists[0], colleague = h.people.specialists[1]
        let created = try await create(h, as: author)
        XCTAssertEqual(created.status, .created, created.text)
        let id = try created.json(DraftRoutes.Detail.self).draft.id
        let p = h.path("drafts/\(id)")

        try await h.expect(.ok, .put, p + "/files/du-thao.pdf?kind=main", as: author, bytes: Self.pdf1)
        let withAppendix = try await h.send(.put, p + "/files/phu-luc-1.xlsx?kind=appendix", as: author, bytes: Self.xlsx)
        XCTAssertEqual(withAppendix.status, .ok, withAppendix.text)
        XCTAssertEqual(try withAppendix.json(DraftVersion.self).version, 3)

        // Colleagues' comments: only those asked.
        try await h.expect(.ok, .post, p + "/reviewers", as: author, json: #"{"accounts": ["\#(colleague)"]}"#)
        try await h.expect(.created, .post, p + "/comments", as: colleague, json: #"{"text": "Nên bổ sung mốc thời gian."}"#)
        try await h.expect(.forbidden, .post, p + "/comments", as: h.people.departmentHead, json: #"{"text": "x"}"#)
        try await h.expect(.unprocessableContent, .post, p + "/reviewers", as: author, json: #"{"accounts": ["\#(h.people.otherHead)"]}"#, because: "colleagues are of the same agency")

        // To the deputy in charge, who returns it; revised; again; forwarded; approved by the head.
        try await h.expect(.ok, .post, p + "/submit", as: author, json: #"{"leader": "\#(h.people.deputy)"}"#)
        try await h.expect(.conflict, .put, p + "/files/du-thao.pdf?kind=main", as: author, bytes: Self.pdf2, because: "frozen while submitted")
        try await h.expect(.forbidden, .post, p + "/return", as: h.people.head, json: #"{"text": "x"}"#, because: "not submitted to the head")
        try await h.expect(.badRequest, .post, p + "/return", as: h.people.deputy, json: "{}", because: "a return says why")
        try await h.expect(.ok, .post, p + "/return", as: h.people.deputy, json: #"{"text": "Sửa mốc thời gian."}"#)
        let revised = try await h.send(.put, p + "/files/du-thao.pdf?kind=main", as: author, bytes: Self.pdf2)
        XCTAssertEqual(try revised.json(DraftVersion.self).version, 4)
        try await h.expect(.ok, .post, p + "/submit", as: author, json: #"{"leader": "\#(h.people.deputy)"}"#)
        try await h.expect(.forbidden, .post, p + "/approve", as: h.people.deputy, json: "{}", because: "only the head approves")
        try await h.expect(.ok, .post, p + "/forward", as: h.people.deputy, json: #"{"text": "Kính trình đồng chí Chủ tịch."}"#)
        let waiting = try await h.send(.get, h.path("drafts"), as: h.people.head).json(DraftRoutes.Page.self)
        XCTAssertEqual(waiting.items.map(\.id), [id], "forwarded drafts wait for the head")
        let forColleague = try await h.send(.get, h.path("drafts"), as: colleague).json(DraftRoutes.Page.self)
        XCTAssertEqual(forColleague.items.map(\.id), [id], "asked for comments")
        let forOthers = try await h.send(.get, h.path("drafts"), as: h.people.departmentHead).json(DraftRoutes.Page.self)
        XCTAssertTrue(forOthers.items.isEmpty)
        try await h.expect(.forbidden, .post, p + "/approve", as: author, json: "{}")
        let approved = try await h.send(.post, p + "/approve", as: h.people.head, json: #"{"text": "Đồng ý ban hành."}"#)
        XCTAssertEqual(approved.status, .ok, approved.text)
        XCTAssertEqual(try approved.json(DraftRoutes.Detail.self).draft.state, .approved)
        try await h.expect(.conflict, .post, p + "/approve", as: h.people.head, json: "{}", because: "approved once")

        let requests = try await h.events(SigningRequested.self)
        XCTAssertEqual(requests.count, 1)
        let request = try XCTUnwrap(requests.first)
        XCTAssertEqual(request.kind, .leader)
        XCTAssertEqual(request.signer, h.people.head)
        XCTAssertEqual(request.documentId, id)
        let signed = try await h.blobs.read(request.document)
        XCTAssertEqual(Array(signed), Self.pdf2, "the latest main PDF is signed")
        XCTAssertEqual(request.appendices.map(\.name), ["phu-luc-1.xlsx"])
        XCTAssertEqual(request.documentType, "Công văn", "numbering's register needs the type")
        XCTAssertEqual(request.recipients, ["000.00.01.H52", "000.00.02.H52"])
        XCTAssertNotNil(request.signerName, "the head's full name, for the register's người ký")
        let appendix = try await h.blobs.read(request.appendices[0].blob)
        XCTAssertEqual(Array(appendix), Self.xlsx)
        // The approval signing checks: routing's signature, the head of this agency, this PDF.
        let approval = try XCTUnwrap(request.approval)
        let verifier = try ApprovalKey.Verifier(publicKeyPEM: PeopleFixtures.keys.publicPEM)
        XCTAssertTrue(verifier.verify(approval.signedText, signature: approval.signature))
        XCTAssertNil(approval.mismatch(with: request, agency: h.agency))
        XCTAssertEqual(approval.signerRoles, ["head"])
        XCTAssertEqual(approval.version, 4)

        let versions = try await h.send(.get, p + "/versions", as: h.people.head).json(DraftRoutes.Versions.self).versions
        XCTAssertEqual(versions.map(\.version), [1, 2, 3, 4], "every version is kept")
        let firstMain = try await h.blobs.read(try XCTUnwrap(versions[1].mainFile).blob)
        XCTAssertEqual(firstMain, Data(Self.pdf1))
        let detail = try await h.send(.get, p, as: author).json(DraftRoutes.Detail.self)
        XCTAssertEqual(detail.comments.map(\.kind), [.comment, .returned, .forwarded, .approved])
        let approvals = try await h.audit("draft.approve")
        XCTAssertEqual(approvals.map(\.actor), [h.people.head])
        await h.cleanUp()
    }

    /// Numbering gave the number, signing sealed it: `document.sealed` with the number, through the broker, shows
    /// the draft issued as 05/UBND-KT; a seal without a number, or a second copy of the message, changes nothing more.
    func testASealedDraftShowsItIsIssuedWithItsNumber() async throws {
        let h = try await WorkflowHarness.make()
        let author = h.people.specialists[0]
        let id = try await create(h, as: author).json(DraftRoutes.Detail.self).draft.id
        let p = h.path("drafts/\(id)")
        try await approve(h, id, author: author)

        try await withRouter(h) { publisher in
            let blob = BlobRef(sha256: String(repeating: "d", count: 64), size: 10, mediaType: "application/pdf")
            let issuedOn = vietnam(2026, 3, 16)
            let sealed = DocumentSealed(
                requestId: UUID(), documentId: id, sealed: blob, appendices: [], sealedAt: issuedOn, number: 5, notation: "UBND-KT",
                issuedOn: issuedOn)
            let envelope = try Envelope(sealed, agency: h.agency)
            try await h.publish([try Envelope(DocumentSealed(requestId: UUID(), documentId: id, sealed: blob, appendices: [], sealedAt: issuedOn),
                                              agency: h.agency), envelope, envelope], with: publisher)
            let issued = try await eventually(.seconds(15)) {
                try await h.send(.get, p, as: author).json(DraftRoutes.Detail.self).draft.state == .issued
            }
            XCTAssertTrue(issued)
            try await Task.sleep(for: .milliseconds(500))
            let draft = try await h.send(.get, p, as: author).json(DraftRoutes.Detail.self).draft
            XCTAssertEqual(draft.issuedNumber, "05/UBND-KT")
            XCTAssertEqual(draft.issuedOn, issuedOn)
            let audited = try await h.audit("draft.issued")
            XCTAssertEqual(audited.count, 1)
            try await h.expect(.conflict, .post, p + "/comments", as: author, json: #"{"text": "muộn"}"#, because: "issued")
        }
        await h.cleanUp()
    }

    /// A draft replacing (thay thế) an issued document: once issued, `document.issued` names the earlier document by
    /// its id, số/ký hiệu and date, so dispatch sends BussinessDocType 3 naming it.
    func testAnIssuedReplacementNamesTheDocumentItReplaces() async throws {
        let h = try await WorkflowHarness.make()
        let author = h.people.specialists[0]
        let original = try await create(h, as: author).json(DraftRoutes.Detail.self).draft.id
        let originalOn = vietnam(2026, 3, 10)
        _ = try await h.database.query("""
            UPDATE \(identifier: h.schema).drafts SET state = 'issued', issued_number = '05/UBND-KT', issued_on = \(originalOn)
            WHERE id = \(original)
            """)
        let created = try await create(
            h, as: author,
            json: #"{"documentType": "Công văn", "subject": "V/v dự toán (thay thế)", "recipients": ["000.00.01.H52"], "changes": {"draft": "\#(original)", "kind": "replacement"}}"#)
        XCTAssertEqual(created.status, .created, created.text)
        let id = try created.json(DraftRoutes.Detail.self).draft.id
        try await approve(h, id, author: author)
        try await withRouter(h) { publisher in
            let blob = BlobRef(sha256: String(repeating: "f", count: 64), size: 10, mediaType: "application/pdf")
            try await h.publish([try Envelope(
                DocumentSealed(
                    requestId: UUID(), documentId: id, sealed: blob, appendices: [], sealedAt: vietnam(2026, 3, 18), number: 9,
                    notation: "UBND-KT", issuedOn: vietnam(2026, 3, 18)), agency: h.agency)], with: publisher)
            let issued = try await eventually(.seconds(15)) { try await h.events(DocumentIssued.self).contains { $0.documentId == id } }
            XCTAssertTrue(issued)
        }
        let events = try await h.events(DocumentIssued.self)
        let event = try XCTUnwrap(events.first { $0.documentId == id })
        XCTAssertEqual(event.changes, DocumentIssued.Change(kind: .replacement, original: original, originalCode: "05/UBND-KT", originalIssuedOn: originalOn))
        XCTAssertEqual(event.codeText, "09/UBND-KT")
        await h.cleanUp()
    }

    /// A draft answering an incoming document (văn bản trả lời): only a registered document of the agency can be
    /// answered; once the answer is issued, the incoming document shows its number and date.
    func testAnIssuedAnswerShowsOnTheIncomingDocument() async throws {
        let h = try await WorkflowHarness.make()
        let author = h.people.specialists[0]
        let incoming = try await h.registeredDocument()
        try await h.expectCode(
            "not_found", .post, h.path("drafts"), as: author,
            json: #"{"documentType": "Công văn", "subject": "Trả lời", "recipients": ["000.00.01.H52"], "answers": "\#(UUID())"}"#)
        let created = try await create(
            h, as: author,
            json: #"{"documentType": "Công văn", "subject": "V/v trả lời về dự toán", "recipients": ["000.00.01.H52"], "answers": "\#(incoming.documentId)"}"#)
        XCTAssertEqual(created.status, .created, created.text)
        let id = try created.json(DraftRoutes.Detail.self).draft.id
        XCTAssertEqual(try created.json(DraftRoutes.Detail.self).draft.answers, incoming.documentId)
        try await approve(h, id, author: author)
        // The archive files the answer with the document it answers, into its author's dossier: the request says both.
        let requests = try await h.events(SigningRequested.self)
        let request = try XCTUnwrap(requests.first { $0.documentId == id })
        XCTAssertEqual(request.answers, incoming.documentId)
        XCTAssertEqual(request.author, author)

        try await withRouter(h) { publisher in
            let blob = BlobRef(sha256: String(repeating: "e", count: 64), size: 10, mediaType: "application/pdf")
            let issuedOn = vietnam(2026, 3, 17)
            try await h.publish([try Envelope(
                DocumentSealed(
                    requestId: UUID(), documentId: id, sealed: blob, appendices: [], sealedAt: issuedOn, number: 7, notation: "UBND-VP",
                    issuedOn: issuedOn), agency: h.agency)], with: publisher)
            let detail = h.path("incoming/\(incoming.documentId)")
            let shown = try await eventually(.seconds(15)) {
                try await h.send(.get, detail, as: h.people.clerk).json(IncomingRoutes.Detail.self).document.answerNumber == "07/UBND-VP"
            }
            XCTAssertTrue(shown, "the incoming document shows its answer")
            let document = try await h.send(.get, detail, as: h.people.clerk).json(IncomingRoutes.Detail.self).document
            XCTAssertEqual(document.answeredByDraft, id)
            XCTAssertEqual(document.answeredOn, issuedOn)
        }
        // Dispatch is told what to send to whom (document.issued), without reading routing's tables.
        let issued = try await h.events(DocumentIssued.self)
        XCTAssertEqual(issued.count, 1)
        let event = try XCTUnwrap(issued.first)
        XCTAssertEqual(event.documentId, id)
        XCTAssertEqual(event.agency, Organization(code: h.agency, name: "Ủy ban nhân dân tỉnh Sơn La"))
        XCTAssertEqual(event.recipients, [Organization(code: "000.00.01.H52", name: "Sở Tài chính tỉnh Sơn La")], "named as routing knows it")
        XCTAssertEqual(event.codeText, "07/UBND-VP")
        XCTAssertEqual(event.issuedOn, vietnam(2026, 3, 17))
        XCTAssertEqual(event.documentType, "Công văn")
        XCTAssertEqual(event.subject, "V/v trả lời về dự toán")
        XCTAssertEqual(event.signer.fullName, "Nguyễn Đức Việt")
        XCTAssertEqual(event.signer.account, h.people.head)
        XCTAssertEqual(event.signer.competence, "TM. ỦY BAN NHÂN DÂN")
        XCTAssertEqual(event.signer.position, "Chủ tịch")
        XCTAssertEqual(event.responseFor?.edxmlDocumentId, incoming.edxmlDocumentId)
        XCTAssertEqual(event.responseFor?.code, "123/STC-NS")
        XCTAssertEqual(event.responseFor?.sender.code, incoming.sender.code)
        XCTAssertEqual(event.sealed.sha256, String(repeating: "e", count: 64))
        await h.cleanUp()
    }

    func testSecretDraftsAreRefused() async throws {
        let h = try await WorkflowHarness.make()
        let author = h.people.specialists[0]
        for body in [
            #"{"documentType": "Công văn", "subject": "V/v kế hoạch", "secrecy": "Mật"}"#,
            #"{"documentType": "Công văn", "subject": "V/v kế hoạch", "secrecy": "Tuyệt mật"}"#,
            #"{"documentType": "Công văn", "subject": "TỐI MẬT - V/v phương án bảo vệ"}"#,
        ] {
            let r = try await create(h, as: author, json: body)
            XCTAssertEqual(r.status, .unprocessableContent, body)
            XCTAssertEqual(r.object["code"] as? String, "secret_refused")
        }
        let plain = try await create(h, as: author, json: #"{"documentType": "Công văn", "subject": "V/v bảo vệ bí mật nhà nước năm 2027"}"#)
        XCTAssertEqual(plain.status, .created, "a subject about state secrets is not itself a mark")
        let id = try plain.json(DraftRoutes.Detail.self).draft.id
        let marked = try await h.send(.post, h.path("drafts/\(id)/versions"), as: author, json: #"{"secrecy": "Mật"}"#)
        XCTAssertEqual(marked.status, .unprocessableContent, "nor can a revision add a mark")
        await h.cleanUp()
    }

    func testFilesFollowTheAttachmentRules() async throws {
        let h = try await WorkflowHarness.make()
        let author = h.people.specialists[0]
        let id = try await create(h, as: author).json(DraftRoutes.Detail.self).draft.id
        let p = h.path("drafts/\(id)/files/")
        let cases: [(String, [UInt8], String)] = [
            ("du thao.pdf?kind=main", Self.pdf1, "file_name_invalid"),
            ("dự-thảo.pdf?kind=main", Self.pdf1, "file_name_invalid"),
            ("\(String(repeating: "a", count: 47)).pdf?kind=main", Self.pdf1, "file_name_too_long"),
            ("du-thao.docx?kind=main", Self.xlsx, "main_not_pdf"),
            ("du-thao.pdf?kind=main", Self.xlsx, "file_type_mismatch"),
            ("chuong-trinh.exe", [0x4D, 0x5A, 0x90, 0x00], "file_type_not_allowed"),
            ("ghi-chu.txt", [0x4D, 0x5A, 0x90, 0x00], "file_type_mismatch"),
            ("trong.pdf?kind=main", [], "file_empty"),
        ]
        for (name, bytes, code) in cases {
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? name
            let r = try await h.send(.put, p + encoded, as: author, bytes: bytes)
            XCTAssertEqual(r.object["code"] as? String, code, "\(name): \(r.text)")
        }
        let huge = Self.pdf1 + [UInt8](repeating: 0x20, count: 50 * 1024 * 1024)
        try await h.expectCode("file_too_large", .put, p + "lon.pdf?kind=main", as: author, bytes: huge, because: "more than 50 MB")
        let ok = try await h.send(.put, p + "bao-cao_2027.pdf?kind=main", as: author, bytes: Self.pdf1)
        XCTAssertEqual(ok.status, .ok, ok.text)
        XCTAssertEqual(try ok.json(DraftVersion.self).files.map(\.blob.mediaType), ["application/pdf"])
        let versions = try await h.send(.get, h.path("drafts/\(id)/versions"), as: author).json(DraftRoutes.Versions.self)
        XCTAssertEqual(versions.versions.count, 2, "refused uploads leave no version")
        await h.cleanUp()
    }

    /// A PDF whose catalog is a stream with `/Length 1 0 R`: reading it would recurse forever, so the reader refuses it.
    static let lengthLoop: [UInt8] = {
        var out = "%PDF-1.7\n"
        let first = out.utf8.count
        out += "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Length 1 0 R >>\nstream\nabc\nendstream\nendobj\n"
        let xref = out.utf8.count
        let offset = String(repeating: "0", count: 10 - String(first).count) + String(first)
        out += "xref\n0 2\n0000000000 65535 f \n\(offset) 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }()

    func testHostilePDFIsRefusedAtUpload() async throws {
        let h = try await WorkflowHarness.make()
        let author = h.people.specialists[0]
        let id = try await create(h, as: author).json(DraftRoutes.Detail.self).draft.id
        let p = h.path("drafts/\(id)/files/")
        for name in ["du-thao.pdf?kind=main", "phu-luc.pdf?kind=appendix"] {
            let r = try await h.send(.put, p + name, as: author, bytes: Self.lengthLoop)
            XCTAssertEqual(r.status, .unprocessableContent, r.text)
            XCTAssertEqual(r.object["code"] as? String, "pdf_refused", r.text)
            XCTAssertTrue(r.message.vi.contains("vòng lặp") && r.message.en.contains("loop"), "the reason, in both languages: \(r.text)")
        }
        let versions = try await h.send(.get, h.path("drafts/\(id)/versions"), as: author).json(DraftRoutes.Versions.self)
        XCTAssertEqual(versions.versions.count, 1, "refused uploads leave no version")
        await h.cleanUp()
    }

    func testRolesAndAgenciesAroundDrafts() async throws {
        let h = try await WorkflowHarness.make()
        let author = h.people.specialists[0]
        let byClerk = try await create(h, as: h.people.clerk)
        XCTAssertEqual(byClerk.status, .forbidden)
        let bad = try await create(h, as: author, json: #"{"documentType": "Công văn", "subject": "V/v", "recipients": ["Sở Tài chính"]}"#)
        XCTAssertEqual(bad.object["code"] as? String, "recipient_invalid")
        let id = try await create(h, as: author).json(DraftRoutes.Detail.self).draft.id
        let p = h.path("drafts/\(id)")

        try await h.expectCode("main_missing", .post, p + "/submit", as: author, json: #"{"leader": "\#(h.people.deputy)"}"#)
        try await h.expect(.forbidden, .put, p + "/files/x.pdf?kind=main", as: h.people.specialists[1], bytes: Self.pdf1)
        try await h.expect(.forbidden, .get, p, as: h.people.specialists[1], because: "not asked to comment")
        try await h.expect(.forbidden, .get, p, as: h.people.otherHead, because: "another agency's path")
        try await h.expect(.notFound, .get, h.path("drafts/\(id)", agency: PeopleFixtures.otherAgency), as: h.people.otherHead)
        try await h.expect(.ok, .put, p + "/files/x.pdf?kind=main", as: author, bytes: Self.pdf1)
        try await h.expectCode("leader_unknown", .post, p + "/submit", as: author, json: #"{"leader": "\#(h.people.departmentHead)"}"#, because: "a department head is not the agency's leader")
        try await h.expect(.ok, .post, p + "/submit", as: author, json: #"{"leader": "\#(h.people.head)"}"#)
        try await h.expect(.conflict, .post, p + "/forward", as: h.people.head, json: "{}", because: "the head approves directly")
        try await h.delegate(from: h.people.head, to: h.people.deputy, approved: true)
        let forHead = try await h.people.token(h.people.deputy, onBehalfOf: h.people.head)
        try await h.expectCode(
            "delegate_cannot_approve", .post, p + "/approve", token: forHead, json: "{}", because: "the head's signature is the head's own")
        try await h.expect(.ok, .post, p + "/approve", as: h.people.head, json: "{}")
        await h.cleanUp()
    }
}
