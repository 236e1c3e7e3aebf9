import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The agency's file list (danh mục hồ sơ): every member reads it; the clerk, the archivist or the head adds lines,
/// the head approves it.
struct FileListRoutes: Sendable {
    let ctx: ArchiveContext

    func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("agencies/:agency/file-list").add(middleware: RequireRoles(Set(Role.allCases), agencyParameter: "agency"))
        group.get(use: list)
        group.post("items", use: addItem)
        group.post("approve", use: approve)
    }

    struct ItemRequest: Decodable {
        var year: Int
        var heading: String
        var code: String
        var title: String
        var retentionYears: Int?
        var permanent: Bool?
        var responsible: String?
        var note: String?
    }

    struct ApproveRequest: Decodable {
        var year: Int
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> FileList {
        let identity = try context.requireIdentity()
        let year = try ArchiveHTTP.int(request, "year", 1900...9999) ?? VietnamTime.year(of: ctx.now())
        return try await ctx.fileList.list(agency: identity.agency, year: year, executor: ctx.database)
    }

    @Sendable func addItem(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<FileListItem> {
        let body = try await ArchiveHTTP.body(ItemRequest.self, request)
        guard (1900...9999).contains(body.year) else {
            throw Refusal.badRequest("invalid_parameter", "'year' không hợp lệ", "'year' is not a valid year")
        }
        guard let retention = try Retention.from(permanent: body.permanent, years: body.retentionYears) else {
            throw Refusal.badRequest(
                "retention_required", "Cần thời hạn bảo quản: 'retentionYears' hoặc 'permanent'", "a retention is required: 'retentionYears' or 'permanent'")
        }
        let command = AddFileListItem(
            year: body.year, heading: body.heading, code: body.code, title: body.title, retention: retention, responsible: body.responsible,
            note: body.note)
        return EditedResponse(status: .created, response: try await command.run(ctx, by: try context.requireIdentity()))
    }

    @Sendable func approve(_ request: Request, context: QLVBRequestContext) async throws -> FileList {
        let body = try await ArchiveHTTP.body(ApproveRequest.self, request)
        return try await ApproveFileList(year: body.year).run(ctx, by: try context.requireIdentity())
    }
}
