import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Dossiers: opened, filled, closed, reopened and submitted by their keeper; read by every member of the agency
/// (metadata and document references; the documents' content is served by the services that own them, under
/// their own need-to-know rules).
struct DossierRoutes: Sendable {
    let ctx: ArchiveContext

    func add(to router: Router<QLVBRequestContext>) {
        let agency = router.group("agencies/:agency").add(middleware: RequireRoles(Set(Role.allCases), agencyParameter: "agency"))
        agency.get("dossiers", use: list)
        agency.post("dossiers", use: open)
        agency.get("dossiers/:dossierId", use: detail)
        agency.post("dossiers/:dossierId/documents", use: file)
        agency.delete("dossiers/:dossierId/documents/:documentId", use: remove)
        agency.post("dossiers/:dossierId/close", use: close)
        agency.post("dossiers/:dossierId/reopen", use: reopen)
        agency.post("dossiers/:dossierId/retention", use: retention)
        agency.post("dossiers/:dossierId/submit", use: submit)
        agency.get("unfiled-documents", use: unfiled)
    }

    struct OpenRequest: Decodable {
        var itemId: UUID?
        var year: Int?
        var code: String?
        var title: String?
        var retentionYears: Int?
        var permanent: Bool?
        var retentionReason: String?
        var startedAt: Date?
        var autoFile: Bool?
    }

    struct FileRequest: Decodable { var documentId: UUID }

    struct CloseRequest: Decodable {
        var retentionYears: Int?
        var permanent: Bool?
        var retentionReason: String?
        var title: String?
        var code: String?
    }

    struct ReasonRequest: Decodable { var reason: String? }

    struct RetentionRequest: Decodable {
        var retentionYears: Int?
        var permanent: Bool?
        var reason: String?
    }

    struct Page: ResponseEncodable, Decodable { var items: [Dossier] }
    struct Documents: ResponseEncodable, Decodable { var items: [ArchivedDocument] }

    /// A dossier with its documents in filing order, its history and how its nộp lưu stands.
    struct Detail: ResponseEncodable, Decodable {
        var dossier: Dossier
        var documents: [DossierEntry]
        var history: [DossierLogEntry]
        var transferUrgency: TransferRules.Urgency?
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let identity = try context.requireIdentity()
        var filter = DossierStore.Filter(agency: identity.agency)
        filter.year = try ArchiveHTTP.int(request, "year", 1900...9999)
        if let s = request.uri.queryParameters["state"].map(String.init), !s.isEmpty {
            guard let state = Dossier.State(rawValue: s) else {
                throw Refusal.badRequest(
                    "invalid_parameter", "'state' là một trong: open, closed, submitted, archived, disposed",
                    "'state' is one of open, closed, submitted, archived, disposed")
            }
            filter.state = state
        }
        if request.uri.queryParameters["mine"] == "true" { filter.creator = identity.account }
        if let q = request.uri.queryParameters["q"].map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines), !q.isEmpty {
            guard q.count <= 200, !q.unicodeScalars.contains(where: { $0.value == 0 }) else {
                throw Refusal.badRequest("invalid_parameter", "'q' dài quá 200 ký tự hoặc có ký tự không hợp lệ", "'q' is longer than 200 characters or has an invalid character")
            }
            filter.text = q
        }
        if let limit = try ArchiveHTTP.int(request, "limit", 1...200) { filter.limit = limit }
        return Page(items: try await ctx.dossiers.dossiers(filter, executor: ctx.database))
    }

    @Sendable func open(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<Dossier> {
        let b = try await ArchiveHTTP.body(OpenRequest.self, request)
        if let year = b.year, !(1900...9999).contains(year) {
            throw Refusal.badRequest("invalid_parameter", "'year' không hợp lệ", "'year' is not a valid year")
        }
        let command = OpenDossier(
            itemId: b.itemId, year: b.year, code: b.code, title: b.title, retention: try Retention.from(permanent: b.permanent, years: b.retentionYears),
            retentionReason: b.retentionReason, startedAt: b.startedAt, autoFile: b.autoFile ?? false)
        return EditedResponse(status: .created, response: try await command.run(ctx, by: try context.requireIdentity()))
    }

    @Sendable func detail(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try ArchiveHTTP.uuid(context, "dossierId")
        guard let d = try await ctx.dossiers.dossier(id, agency: identity.agency, executor: ctx.database) else { throw ArchiveRefusals.noDossier }
        return Detail(
            dossier: d, documents: try await ctx.dossiers.entries(of: id, executor: ctx.database),
            history: try await ctx.dossiers.history(of: id, executor: ctx.database),
            transferUrgency: d.state == .closed
                ? d.transferDue.map { TransferRules.urgency(due: $0, now: ctx.now(), reminderDays: ctx.settings.reminderDays) } : nil)
    }

    @Sendable func file(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<DossierEntry> {
        let b = try await ArchiveHTTP.body(FileRequest.self, request)
        let entry = try await FileDocument(dossierId: try ArchiveHTTP.uuid(context, "dossierId"), documentId: b.documentId)
            .run(ctx, by: try context.requireIdentity())
        return EditedResponse(status: .created, response: entry)
    }

    @Sendable func remove(_ request: Request, context: QLVBRequestContext) async throws -> HTTPResponse.Status {
        try await RemoveDocument(dossierId: try ArchiveHTTP.uuid(context, "dossierId"), documentId: try ArchiveHTTP.uuid(context, "documentId"))
            .run(ctx, by: try context.requireIdentity())
        return .noContent
    }

    @Sendable func close(_ request: Request, context: QLVBRequestContext) async throws -> CloseDossier.Result {
        let b = try await ArchiveHTTP.optionalBody(CloseRequest.self, request) ?? CloseRequest()
        return try await CloseDossier(
            dossierId: try ArchiveHTTP.uuid(context, "dossierId"), retention: try Retention.from(permanent: b.permanent, years: b.retentionYears),
            retentionReason: b.retentionReason, title: b.title, code: b.code
        ).run(ctx, by: try context.requireIdentity())
    }

    @Sendable func reopen(_ request: Request, context: QLVBRequestContext) async throws -> Dossier {
        let b = try await ArchiveHTTP.optionalBody(ReasonRequest.self, request) ?? ReasonRequest()
        return try await ReopenDossier(dossierId: try ArchiveHTTP.uuid(context, "dossierId"), reason: b.reason).run(ctx, by: try context.requireIdentity())
    }

    @Sendable func retention(_ request: Request, context: QLVBRequestContext) async throws -> Dossier {
        let b = try await ArchiveHTTP.body(RetentionRequest.self, request)
        guard let retention = try Retention.from(permanent: b.permanent, years: b.retentionYears) else {
            throw Refusal.badRequest(
                "retention_required", "Cần thời hạn bảo quản: 'retentionYears' hoặc 'permanent'", "a retention is required: 'retentionYears' or 'permanent'")
        }
        return try await ChangeRetention(dossierId: try ArchiveHTTP.uuid(context, "dossierId"), retention: retention, reason: b.reason)
            .run(ctx, by: try context.requireIdentity())
    }

    @Sendable func submit(_ request: Request, context: QLVBRequestContext) async throws -> Dossier {
        try await SubmitTransfer(dossierId: try ArchiveHTTP.uuid(context, "dossierId")).run(ctx, by: try context.requireIdentity())
    }

    /// The caller's documents (handled or drafted) that no dossier holds yet: theirs to file by hand.
    @Sendable func unfiled(_ request: Request, context: QLVBRequestContext) async throws -> Documents {
        let identity = try context.requireIdentity()
        return Documents(items: try await ctx.catalog.unfiled(owner: identity.account, agency: identity.agency, limit: 200, executor: ctx.database))
    }
}
