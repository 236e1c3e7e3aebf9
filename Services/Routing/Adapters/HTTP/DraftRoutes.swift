import Auth
import BlobStore
import Contracts
import Foundation
import Hummingbird
import ServiceKit
import Storage

/// Outgoing drafting (soạn thảo văn bản đi): create, upload files (each change a new version), ask colleagues for
/// comments, submit to the leader in charge, who returns it or forwards it to the head, who approves it, which
/// requests the head's signature (`signing.requested`).
struct DraftRoutes: Sendable {
    let env: WorkflowEnvironment
    let store: DraftStore
    let blobs: any BlobStore

    func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("agencies/:agency/drafts").add(middleware: RequireRoles(Set(Role.allCases), agencyParameter: "agency"))
        group.post(use: create)
        group.get(use: list)
        group.get(":draftId", use: show)
        group.get(":draftId/versions", use: versions)
        group.post(":draftId/versions", use: revise)
        group.put(":draftId/files/:name", use: upload)
        group.delete(":draftId/files/:name", use: removeFile)
        group.post(":draftId/reviewers", use: requestComments)
        group.post(":draftId/comments", use: comment)
        group.post(":draftId/submit", use: submit)
        group.post(":draftId/return", use: giveBack)
        group.post(":draftId/forward", use: forward)
        group.post(":draftId/approve", use: approve)
        group.post(":draftId/recall", use: recall)
    }

    struct CreateRequest: Codable, Sendable {
        var documentType: String?
        var subject: String?
        var recipients: [String]?
        /// Độ mật; any mark is refused.
        var secrecy: String?
        var note: String?
        /// The incoming document this draft answers.
        var answers: UUID?
        /// The issued document this draft updates or replaces.
        var changes: DraftChange?
    }

    struct RecallRequest: Codable, Sendable {
        var reason: String?
    }

    struct ReviseRequest: Codable, Sendable {
        var documentType: String?
        var subject: String?
        var recipients: [String]?
        var secrecy: String?
        var note: String?
    }

    struct ReviewersRequest: Codable, Sendable { var accounts: [String] }
    struct TextRequest: Codable, Sendable { var text: String? }
    struct SubmitRequest: Codable, Sendable { var leader: String }

    typealias Detail = DraftDetail

    struct Versions: ResponseEncodable, Decodable { var versions: [DraftVersion] }

    // MARK: writing

    /// Specialist (or department head): a new draft, version 1, without files yet.
    @Sendable func create(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestInput.json(CreateRequest.self, from: request)
        let command = CreateDraft(
            documentType: body.documentType, subject: body.subject, recipients: body.recipients ?? [], secrecy: body.secrecy, note: body.note,
            answers: body.answers, changes: body.changes)
        _ = try command.validated()  // bad input is refused before the caller is looked up
        let detail = try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, drafts: ports.drafts, documents: ports.documents)
        }
        return try JSONBody.response(detail, status: .created)
    }

    /// Author: new metadata as a new version (files carried over).
    @Sendable func revise(_ request: Request, context: QLVBRequestContext) async throws -> DraftVersion {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let body = try await RequestInput.json(ReviseRequest.self, from: request)
        return try await newVersion(identity, request, context, AddDraftVersion(draftId: id, action: "draft.revise") { current in
            var next = current
            if let t = body.documentType { next.documentType = try TextInput.required(t, field: "documentType", max: 100) }
            if let s = body.subject { next.subject = try TextInput.required(s, field: "subject", max: 1000) }
            if let r = body.recipients { next.recipients = try DraftContent.recipients(r) }
            try DraftContent.refuseSecret(secrecy: body.secrecy, subject: next.subject)
            next.note = body.note
            return next
        })
    }

    /// Author: adds or replaces a file (`?kind=main|appendix`, body = the bytes) in a new version. One main PDF.
    @Sendable func upload(_ request: Request, context: QLVBRequestContext) async throws -> DraftVersion {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let name = try context.parameters.require("name")
        let kindText = request.uri.queryParameters.get("kind") ?? "appendix"
        guard let kind = DraftFile.Kind(rawValue: kindText) else {
            throw Refusal.badRequest("kind_invalid", "kind phải là main hoặc appendix", "kind must be main or appendix")
        }
        // Nobody but the author sends bytes to the blob store; the command checks again under lock.
        try await env.read(identity) { acting in
            try await AddDraftVersion.precheck(id, acting, reading: reading)
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: DraftFileRules.maxBytes + 1) } catch {
            throw Refusal(
                .contentTooLarge, code: "file_too_large", vietnamese: "Tệp \"\(name)\" vượt quá 50 MB", english: "file \"\(name)\" is larger than 50 MB")
        }
        let bytes = Data(buffer: buffer)
        let mediaType = try DraftFileRules.check(name: name, kind: kind, bytes: bytes)
        // Content-addressed: storing before the transaction leaves at worst an unreferenced blob, never a lost one.
        let blob = try await blobs.put(bytes, mediaType: mediaType)
        let details = ["file": name, "kind": kind.rawValue, "sha256": blob.sha256]
        return try await newVersion(identity, request, context, AddDraftVersion(draftId: id, action: "draft.upload", details: details) { current in
            var next = current
            next.files.removeAll { $0.name == name || (kind == .main && $0.kind == .main) }
            next.files.append(DraftFile(name: name, kind: kind, blob: blob))
            next.note = nil
            return next
        })
    }

    @Sendable func removeFile(_ request: Request, context: QLVBRequestContext) async throws -> DraftVersion {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let name = try context.parameters.require("name")
        return try await newVersion(identity, request, context, AddDraftVersion(draftId: id, action: "draft.remove-file", details: ["file": name]) {
            current in
            guard current.files.contains(where: { $0.name == name }) else {
                throw Refusal.notFound("not_found", "Dự thảo không có tệp \(name)", "the draft has no file \(name)")
            }
            var next = current
            next.files.removeAll { $0.name == name }
            next.note = nil
            return next
        })
    }

    /// Author: asks colleagues of the same agency for comments (xin ý kiến).
    @Sendable func requestComments(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let command = RequestComments(draftId: id, accounts: try await RequestInput.json(ReviewersRequest.self, from: request).accounts)
        try command.validate()
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, drafts: ports.drafts, staff: ports.staff)
        }
    }

    /// A requested colleague, the author or a leader comments on the current version.
    @Sendable func comment(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let text = try RequestInput.text(try await RequestInput.json(TextRequest.self, from: request).text, field: "text", max: 10_000)
        let command = CommentOnDraft(draftId: id, text: text)
        let comment = try await env.perform(identity, request, context) { context, ports in try await command.run(context, drafts: ports.drafts) }
        return try JSONBody.response(comment, status: .created)
    }

    // MARK: reading

    struct Page: ResponseEncodable, Decodable {
        var items: [Draft]
        var limit: Int
        var offset: Int
    }

    /// The caller's drafts, those they were asked to comment on, and those waiting for their decision.
    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let identity = try context.requireIdentity()
        let page = try RequestInput.page(request)
        return try await env.read(identity) { acting in
            Page(items: try await DraftQueries.list(acting, limit: page.limit, offset: page.offset, reading: reading), limit: page.limit, offset: page.offset)
        }
    }

    @Sendable func show(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        return try await env.read(identity) { acting in try await DraftQueries.detail(id, acting, reading: reading) }
    }

    /// Every version, oldest first: nothing a drafter or a leader saw is lost.
    @Sendable func versions(_ request: Request, context: QLVBRequestContext) async throws -> Versions {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        return try await env.read(identity) { acting in Versions(versions: try await DraftQueries.versions(id, acting, reading: reading)) }
    }

    // MARK: helpers

    private var reading: PGDraftReading<PGClient> { PGDraftReading(store: store, db: env.database) }

    private func newVersion(
        _ identity: Identity, _ request: Request, _ context: QLVBRequestContext, _ command: AddDraftVersion
    ) async throws -> DraftVersion {
        try await env.perform(identity, request, context) { context, ports in try await command.run(context, drafts: ports.drafts) }
    }
}
