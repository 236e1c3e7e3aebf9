import Auth
import Contracts
import Foundation
import Testing

@testable import RoutingService

/// The drafting commands end to end on in-memory ports: what they change, emit and audit.
@Suite("Drafting commands")
struct DraftCommandTests {
    let drafts = InMemoryDrafts()
    let staff = InMemoryStaff(colleagues: [
        Fixture.colleague("thutruong", [.head]), Fixture.colleague("phothutruong", [.deputy]), Fixture.colleague("chuyenvien", [.specialist]),
    ])

    func context(_ acting: Acting) -> CommandContext { CommandContext(acting: acting, now: Fixture.now, source: "test") }

    /// A draft by the specialist with a main PDF, ready to submit.
    func readyDraft() async throws -> Draft {
        let created = try await CreateDraft(
            documentType: "Công văn", subject: "Về việc họp", recipients: ["000.00.00.H52"], secrecy: nil, note: nil
        ).run(context(Fixture.specialist), drafts: drafts)
        let blob = BlobRef(sha256: String(repeating: "a", count: 64), size: 10, mediaType: "application/pdf")
        _ = try await AddDraftVersion(draftId: created.value.draft.id, action: "draft.upload") { current in
            var next = current
            next.files = [DraftFile(name: "vb.pdf", kind: .main, blob: blob)]
            return next
        }.run(context(Fixture.specialist), drafts: drafts)
        return try #require(try await drafts.draft(created.value.draft.id, agency: Fixture.agency, forUpdate: false))
    }

    @Test("Creating a draft audits it and emits nothing")
    func creating() async throws {
        let outcome = try await CreateDraft(documentType: "Công văn", subject: "Về việc họp", recipients: [], secrecy: nil, note: nil)
            .run(context(Fixture.specialist), drafts: drafts)
        #expect(outcome.events.isEmpty)
        #expect(outcome.audit.map(\.action) == ["draft.create"])
        #expect(outcome.value.draft.author == "chuyenvien")
        #expect(outcome.value.draft.state == .drafting)
    }

    @Test("A clerk's draft is refused and nothing is stored")
    func clerksDoNotDraft() async throws {
        await #expect(throws: Refusal.self) {
            _ = try await CreateDraft(documentType: "Công văn", subject: "Về việc họp", recipients: [], secrecy: nil, note: nil)
                .run(context(Fixture.clerk), drafts: drafts)
        }
        #expect(drafts.all.isEmpty)
    }

    @Test("Each change is a new version by the author")
    func versions() async throws {
        let draft = try await readyDraft()
        #expect(draft.currentVersion == 2)
        let version = try #require(try await drafts.version(draft.id, 2))
        #expect(version.mainFile?.name == "vb.pdf")
        #expect(version.author == "chuyenvien")
    }

    @Test("Submitting goes to the named leader; a specialist is no leader")
    func submitting() async throws {
        let draft = try await readyDraft()
        await #expect(throws: Refusal.self) {
            _ = try await SubmitDraft(draftId: draft.id, leader: "chuyenvien").run(context(Fixture.specialist), drafts: drafts, staff: staff)
        }
        let outcome = try await SubmitDraft(draftId: draft.id, leader: "phothutruong").run(context(Fixture.specialist), drafts: drafts, staff: staff)
        #expect(outcome.value.draft.state == .submitted)
        #expect(outcome.value.draft.leader == "phothutruong")
        #expect(outcome.audit.map(\.action) == ["draft.submit"])
    }

    @Test("The head's approval requests his signature on the main PDF, once, with an approval signing can verify")
    func approving() async throws {
        let keys = AuthKeys.generate()
        let draft = try await readyDraft()
        _ = try await SubmitDraft(draftId: draft.id, leader: "phothutruong").run(context(Fixture.specialist), drafts: drafts, staff: staff)
        _ = try await DecideDraft(draftId: draft.id, decision: .forward, text: nil).run(context(Fixture.deputy), drafts: drafts)
        await #expect(throws: Refusal.self, "no key, no approval") {
            _ = try await DecideDraft(draftId: draft.id, decision: .approve, text: "Đồng ý").run(context(Fixture.head), drafts: drafts)
        }
        let outcome = try await DecideDraft(
            draftId: draft.id, decision: .approve, text: "Đồng ý", approvals: try ApprovalKey.Signer(privateKeyPEM: keys.privatePEM)
        ).run(context(Fixture.head), drafts: drafts)
        #expect(outcome.events.map(\.type) == [SigningRequested.type])
        let request = try outcome.events[0].decode(SigningRequested.self)
        let approval = try #require(request.approval)
        #expect(try ApprovalKey.Verifier(publicKeyPEM: keys.publicPEM).verify(approval.signedText, signature: approval.signature))
        #expect(approval.mismatch(with: request, agency: outcome.events[0].agency) == nil)
        #expect(approval.signer == "thutruong" && approval.signerRoles == ["head"])
        #expect(outcome.value.draft.state == .approved)
        #expect(outcome.value.draft.signingRequestId != nil)
        #expect(outcome.value.comments.map(\.kind) == [.forwarded, .approved])
        #expect(outcome.audit.first?.details["text"] == "Đồng ý")
    }

    @Test("A delegate of the head is refused and the draft stays forwarded")
    func delegateRefused() async throws {
        let draft = try await readyDraft()
        _ = try await SubmitDraft(draftId: draft.id, leader: "phothutruong").run(context(Fixture.specialist), drafts: drafts, staff: staff)
        _ = try await DecideDraft(draftId: draft.id, decision: .forward, text: nil).run(context(Fixture.deputy), drafts: drafts)
        let delegate = Fixture.delegate("phothutruong", for: "thutruong", [.head])
        await #expect(throws: Refusal.forbidden(
            "delegate_cannot_approve", "Người được ủy quyền không duyệt ký thay thủ trưởng", "a delegate cannot approve for the head's signature")
        ) {
            _ = try await DecideDraft(draftId: draft.id, decision: .approve, text: nil).run(context(delegate), drafts: drafts)
        }
        #expect(try await drafts.draft(draft.id, agency: Fixture.agency, forUpdate: false)?.state == .forwarded)
    }

    @Test("A return must say what to change")
    func returnNeedsAReason() {
        #expect(refusal { _ = try DecideDraft(draftId: UUID(), decision: .return, text: "  ").reason() } == "field_missing")
        #expect(refusal { _ = try DecideDraft(draftId: UUID(), decision: .forward, text: nil).reason() } == nil)
    }
}

/// Reading drafts: only those involved see a draft and its versions.
@Suite("Drafting queries")
struct DraftQueryTests {
    let drafts = InMemoryDrafts()

    @Test("The author and the leaders read a draft and its versions; a colleague not asked does not")
    func visibility() async throws {
        let created = try await CreateDraft(documentType: "Tờ trình", subject: "Về việc mua sắm", recipients: [], secrecy: nil, note: nil)
            .run(CommandContext(acting: Fixture.specialist, now: Fixture.now, source: nil), drafts: drafts)
        let id = created.value.draft.id
        #expect(try await DraftQueries.detail(id, Fixture.specialist, reading: drafts).version.subject == "Về việc mua sắm")
        #expect(try await DraftQueries.versions(id, Fixture.head, reading: drafts).count == 1)
        let stranger = Fixture.acting("nguoila", [.specialist])
        #expect(await asyncRefusal { _ = try await DraftQueries.detail(id, stranger, reading: drafts) } == "not_involved")
        #expect(await asyncRefusal { _ = try await DraftQueries.versions(id, stranger, reading: drafts) } == "not_involved")
        #expect(try await DraftQueries.list(stranger, limit: 50, offset: 0, reading: drafts).isEmpty)
        #expect(try await DraftQueries.list(Fixture.specialist, limit: 50, offset: 0, reading: drafts).map(\.id) == [id])
    }
}
