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
    }

    struct CreateRequest: Codable, Sendable {
        var documentType: String?
        var subject: String?
        var recipients: [String]?
        /// Độ mật; any mark is refused.
        var secrecy: String?
        var note: String?
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

    struct Detail: ResponseEncodable, Decodable {
        var draft: Draft
        var version: DraftVersion
        var reviewers: [String]
        var comments: [DraftComment]
    }

    struct Versions: ResponseEncodable, Decodable { var versions: [DraftVersion] }

    // MARK: writing

    /// Specialist (or department head): a new draft, version 1, without files yet.
    @Sendable func create(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestInput.json(CreateRequest.self, from: request)
        let type = try RequestInput.text(body.documentType, field: "documentType", max: 100)
        let subject = try RequestInput.text(body.subject, field: "subject", max: 1000)
        let recipients = try Self.recipients(body.recipients ?? [])
        try Self.refuseSecret(secrecy: body.secrecy, subject: subject)
        let detail = try await env.perform(identity, request, context) { scope in
            guard !scope.acting.roles.isDisjoint(with: [.specialist, .departmentHead]) else {
                throw WorkflowError.forbidden(
                    "drafter_only", "Chỉ chuyên viên hoặc trưởng phòng soạn thảo văn bản đi", "only specialists and department heads draft")
            }
            let draft = Draft(
                id: UUID(), agency: scope.acting.agency, author: scope.acting.principal, state: .drafting, currentVersion: 1,
                createdAt: scope.now, updatedAt: scope.now)
            let version = DraftVersion(
                draftId: draft.id, version: 1, documentType: type, subject: subject, recipients: recipients, files: [], note: body.note,
                author: scope.acting.principal, createdAt: scope.now)
            try await store.create(draft, version, in: scope.tx)
            scope.audit("draft.create", subject: draft.id.lowercased, details: ["subject": subject])
            return Detail(draft: draft, version: version, reviewers: [], comments: [])
        }
        return try JSONBody.response(detail, status: .created)
    }

    /// Author: new metadata as a new version (files carried over).
    @Sendable func revise(_ request: Request, context: QLVBRequestContext) async throws -> DraftVersion {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let body = try await RequestInput.json(ReviseRequest.self, from: request)
        return try await newVersion(identity, request, context, id, action: "draft.revise") { current in
            var next = current
            if let t = body.documentType { next.documentType = try RequestInput.text(t, field: "documentType", max: 100) }
            if let s = body.subject { next.subject = try RequestInput.text(s, field: "subject", max: 1000) }
            if let r = body.recipients { next.recipients = try Self.recipients(r) }
            try Self.refuseSecret(secrecy: body.secrecy, subject: next.subject)
            next.note = body.note
            return next
        }
    }

    /// Author: adds or replaces a file (`?kind=main|appendix`, body = the bytes) in a new version. One main PDF.
    @Sendable func upload(_ request: Request, context: QLVBRequestContext) async throws -> DraftVersion {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let name = try context.parameters.require("name")
        let kindText = request.uri.queryParameters.get("kind") ?? "appendix"
        guard let kind = DraftFile.Kind(rawValue: kindText) else {
            throw WorkflowError.badRequest("kind_invalid", "kind phải là main hoặc appendix", "kind must be main or appendix")
        }
        // Nobody but the author sends bytes to the blob store; the transaction below checks again under lock.
        try await env.read(identity) { acting in
            guard let draft = try await store.draft(id, agency: acting.agency, on: env.database) else {
                throw WorkflowError.notFound("Không có dự thảo này trong cơ quan", "no such draft in this agency")
            }
            guard draft.author == acting.principal else {
                throw WorkflowError.forbidden("author_only", "Chỉ người soạn thảo được sửa dự thảo", "only the drafter may revise the draft")
            }
            try requireEditable(draft, "revise")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: DraftFileRules.maxBytes + 1) } catch {
            throw WorkflowError(
                status: .contentTooLarge, code: "file_too_large", vietnamese: "Tệp \"\(name)\" vượt quá 50 MB",
                english: "file \"\(name)\" is larger than 50 MB")
        }
        let bytes = Data(buffer: buffer)
        let mediaType = try DraftFileRules.check(name: name, kind: kind, bytes: bytes)
        // Content-addressed: storing before the transaction leaves at worst an unreferenced blob, never a lost one.
        let blob = try await blobs.put(bytes, mediaType: mediaType)
        return try await newVersion(identity, request, context, id, action: "draft.upload", details: ["file": name, "kind": kind.rawValue, "sha256": blob.sha256]) {
            current in
            var next = current
            next.files.removeAll { $0.name == name || (kind == .main && $0.kind == .main) }
            next.files.append(DraftFile(name: name, kind: kind, blob: blob))
            next.note = nil
            return next
        }
    }

    @Sendable func removeFile(_ request: Request, context: QLVBRequestContext) async throws -> DraftVersion {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let name = try context.parameters.require("name")
        return try await newVersion(identity, request, context, id, action: "draft.remove-file", details: ["file": name]) { current in
            guard current.files.contains(where: { $0.name == name }) else {
                throw WorkflowError.notFound("Dự thảo không có tệp \(name)", "the draft has no file \(name)")
            }
            var next = current
            next.files.removeAll { $0.name == name }
            next.note = nil
            return next
        }
    }

    /// Author: asks colleagues of the same agency for comments (xin ý kiến).
    @Sendable func requestComments(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let body = try await RequestInput.json(ReviewersRequest.self, from: request)
        guard !body.accounts.isEmpty, body.accounts.count <= 50 else {
            throw WorkflowError.badRequest("accounts_invalid", "Cần từ 1 đến 50 người góp ý", "name 1 to 50 colleagues")
        }
        return try await env.perform(identity, request, context) { scope in
            let draft = try await locked(id, scope)
            try requireAuthor(draft, scope, "xin ý kiến", "ask for comments")
            try requireEditable(draft, "request comments")
            for account in body.accounts {
                guard let user = try await Directory.user(account, schema: scope.schema, on: scope.tx), user.isActive,
                    user.agency == scope.acting.agency
                else {
                    throw WorkflowError.unprocessable(
                        "colleague_unknown", "\(account) không phải cán bộ đang làm việc của cơ quan",
                        "\(account) is not an active member of this agency")
                }
            }
            try await store.addReviewers(id, body.accounts, by: scope.acting.principal, at: scope.now, in: scope.tx)
            scope.audit("draft.request-comments", subject: id.lowercased, details: ["reviewers": body.accounts.joined(separator: ",")])
            return try await detail(draft, on: scope.tx)
        }
    }

    /// A requested colleague, the author or a leader comments on the current version.
    @Sendable func comment(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let text = try RequestInput.text(try await RequestInput.json(TextRequest.self, from: request).text, field: "text", max: 10_000)
        let comment = try await env.perform(identity, request, context) { scope in
            let draft = try await locked(id, scope)
            let reviewers = try await store.reviewers(id, on: scope.tx)
            guard draft.author == scope.acting.principal || reviewers.contains(scope.acting.principal) || scope.acting.isLeader else {
                throw WorkflowError.forbidden(
                    "not_reviewer", "Bạn không được mời góp ý dự thảo này", "you were not asked to comment on this draft")
            }
            guard draft.state != .approved else {
                throw WorkflowError.illegal("comment", state: draft.state.rawValue, vietnamese: "Dự thảo đã được duyệt", english: "the draft is approved")
            }
            let c = try await store.addComment(
                id, version: draft.currentVersion, author: scope.acting.account, onBehalfOf: scope.acting.onBehalfOf, kind: .comment,
                body: text, at: scope.now, in: scope.tx)
            scope.audit("draft.comment", subject: id.lowercased, details: ["version": "\(draft.currentVersion)"])
            return c
        }
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
            let items = try await store.drafts(
                of: acting.principal, isHead: acting.isHead, agency: acting.agency, limit: page.limit, offset: page.offset, on: env.database)
            return Page(items: items, limit: page.limit, offset: page.offset)
        }
    }

    @Sendable func show(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        return try await env.read(identity) { acting in
            let draft = try await visible(id, acting)
            return try await detail(draft, on: env.database)
        }
    }

    /// Every version, oldest first: nothing a drafter or a leader saw is lost.
    @Sendable func versions(_ request: Request, context: QLVBRequestContext) async throws -> Versions {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        return try await env.read(identity) { acting in
            _ = try await visible(id, acting)
            return Versions(versions: try await store.versions(id, on: env.database))
        }
    }

    // MARK: helpers

    private func newVersion(
        _ identity: Identity, _ request: Request, _ context: QLVBRequestContext, _ id: UUID, action: String,
        details: [String: String] = [:],
        _ change: @Sendable (DraftVersion) throws -> DraftVersion
    ) async throws -> DraftVersion {
        try await env.perform(identity, request, context) { scope in
            let draft = try await locked(id, scope)
            try requireAuthor(draft, scope, "sửa dự thảo", "revise the draft")
            try requireEditable(draft, "revise")
            guard let current = try await store.versions(id, only: draft.currentVersion, on: scope.tx).first else {
                throw WorkflowError.notFound("Không có phiên bản hiện tại", "the current version is missing")
            }
            var next = try change(current)
            next.version = current.version + 1
            next.author = scope.acting.principal
            next.createdAt = scope.now
            try await store.addVersion(next, in: scope.tx)
            scope.audit(action, subject: id.lowercased, details: details.merging(["version": "\(next.version)"]) { a, _ in a })
            return next
        }
    }

    func locked(_ id: UUID, _ scope: ActionScope) async throws -> Draft {
        guard let draft = try await store.draft(id, agency: scope.acting.agency, forUpdate: true, on: scope.tx) else {
            throw WorkflowError.notFound("Không có dự thảo này trong cơ quan", "no such draft in this agency")
        }
        return draft
    }

    private func visible(_ id: UUID, _ acting: Acting) async throws -> Draft {
        guard let draft = try await store.draft(id, agency: acting.agency, on: env.database) else {
            throw WorkflowError.notFound("Không có dự thảo này trong cơ quan", "no such draft in this agency")
        }
        let reviewers = try await store.reviewers(id, on: env.database)
        guard draft.author == acting.principal || reviewers.contains(acting.principal) || acting.isLeader else {
            throw WorkflowError.forbidden("not_involved", "Bạn không tham gia dự thảo này", "you take no part in this draft")
        }
        return draft
    }

    func detail(_ draft: Draft, on db: some PGExecutor) async throws -> Detail {
        guard let version = try await store.versions(draft.id, only: draft.currentVersion, on: db).first else {
            throw WorkflowError.notFound("Không có phiên bản hiện tại", "the current version is missing")
        }
        return Detail(
            draft: draft, version: version, reviewers: try await store.reviewers(draft.id, on: db),
            comments: try await store.comments(draft.id, on: db))
    }

    func requireAuthor(_ draft: Draft, _ scope: ActionScope, _ vietnamese: String, _ english: String) throws {
        guard draft.author == scope.acting.principal else {
            throw WorkflowError.forbidden("author_only", "Chỉ người soạn thảo được \(vietnamese)", "only the drafter may \(english)")
        }
    }

    func requireEditable(_ draft: Draft, _ action: String) throws {
        guard draft.state == .drafting || draft.state == .returned else {
            throw WorkflowError.illegal(
                action, state: draft.state.rawValue, vietnamese: "Dự thảo đang chờ lãnh đạo hoặc đã duyệt, không sửa được",
                english: "the draft is with a leader or approved and cannot change")
        }
    }

    /// Organisation codes (mã định danh) like `000.00.00.H52`: three digits, two, two and a letter with two digits.
    static func recipients(_ codes: [String]) throws -> [String] {
        let shape = try Regex("^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$")
        for code in codes where code.wholeMatch(of: shape) == nil {
            throw WorkflowError.badRequest(
                "recipient_invalid", "Nơi nhận \"\(code)\" không phải mã định danh (dạng 000.00.00.H52)",
                "recipient \"\(code)\" is not an organisation code such as 000.00.00.H52")
        }
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }

    static func refuseSecret(secrecy: String?, subject: String) throws {
        if let mark = secrecy.flatMap(SecrecyMark.inField) ?? SecrecyMark.leading(subject) {
            throw WorkflowError.unprocessable(
                "secret_refused", "Văn bản có độ mật \"\(mark)\" không được soạn thảo và xử lý trên hệ thống",
                "a document marked \"\(mark)\" (classified) must not be drafted or handled in this system")
        }
    }
}
