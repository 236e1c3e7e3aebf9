import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The agency archive's side (lưu trữ cơ quan): the queue of submitted dossiers to accept or return, the transfers
/// falling due (the 30-day reminder), and disposal lists. Reading them is the archivist's and the leaders'; acting
/// is the archivist's (and the head's for a disposal approval).
struct ArchivistRoutes: Sendable {
    let ctx: ArchiveContext

    static let readers: Set<Role> = [.archivist, .head, .deputy]

    func add(to router: Router<QLVBRequestContext>) {
        let agency = router.group("agencies/:agency").add(middleware: RequireRoles(Self.readers, agencyParameter: "agency"))
        agency.get("archive/queue", use: queue)
        agency.get("archive/transfers-due", use: transfersDue)
        agency.get("archive/disposal-candidates", use: candidates)
        agency.post("dossiers/:dossierId/accept", use: accept)
        agency.post("dossiers/:dossierId/return", use: giveBack)
        agency.get("disposal-lists", use: lists)
        agency.post("disposal-lists", use: propose)
        agency.get("disposal-lists/:listId", use: list)
        agency.post("disposal-lists/:listId/approve", use: approve)
    }

    struct ReturnRequest: Decodable { var reasons: [String] }
    struct ProposeRequest: Decodable {
        var title: String
        var dossierIds: [UUID]
    }

    struct Due: Codable, Sendable {
        var dossier: Dossier
        var urgency: TransferRules.Urgency
    }

    struct DuePage: ResponseEncodable, Decodable { var items: [Due] }
    struct Page: ResponseEncodable, Decodable { var items: [Dossier] }
    struct Lists: ResponseEncodable, Decodable { var items: [DisposalList] }

    @Sendable func queue(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let identity = try context.requireIdentity()
        return Page(items: try await ctx.dossiers.dossiers(.init(agency: identity.agency, state: .submitted), executor: ctx.database))
    }

    /// Closed dossiers whose nộp lưu is due within the reminder window or overdue.
    @Sendable func transfersDue(_ request: Request, context: QLVBRequestContext) async throws -> DuePage {
        let identity = try context.requireIdentity()
        let now = ctx.now(), days = ctx.settings.reminderDays
        let due = try await ctx.dossiers.transfersDue(
            agency: identity.agency, before: now.addingTimeInterval(Double(days) * 86_400), executor: ctx.database)
        return DuePage(items: due.compactMap { d in d.transferDue.map { Due(dossier: d, urgency: TransferRules.urgency(due: $0, now: now, reminderDays: days)) } })
    }

    /// Archived dossiers whose retention has run out: what a disposal list may name.
    @Sendable func candidates(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let identity = try context.requireIdentity()
        let now = ctx.now()
        let archived = try await ctx.dossiers.dossiers(.init(agency: identity.agency, state: .archived, limit: 2000), executor: ctx.database)
        return Page(items: archived.filter { (try? DisposalPolicy.mayDispose($0, now: now)) != nil })
    }

    @Sendable func accept(_ request: Request, context: QLVBRequestContext) async throws -> Dossier {
        try await AcceptTransfer(dossierId: try ArchiveHTTP.uuid(context, "dossierId")).run(ctx, by: try context.requireIdentity())
    }

    @Sendable func giveBack(_ request: Request, context: QLVBRequestContext) async throws -> Dossier {
        let b = try await ArchiveHTTP.body(ReturnRequest.self, request)
        return try await ReturnTransfer(dossierId: try ArchiveHTTP.uuid(context, "dossierId"), reasons: b.reasons)
            .run(ctx, by: try context.requireIdentity())
    }

    @Sendable func lists(_ request: Request, context: QLVBRequestContext) async throws -> Lists {
        Lists(items: try await ctx.disposals.lists(agency: try context.requireIdentity().agency, executor: ctx.database))
    }

    @Sendable func propose(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<DisposalList> {
        let b = try await ArchiveHTTP.body(ProposeRequest.self, request)
        let list = try await ProposeDisposal(title: b.title, dossierIds: b.dossierIds).run(ctx, by: try context.requireIdentity())
        return EditedResponse(status: .created, response: list)
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> DisposalList {
        guard let list = try await ctx.disposals.list(
            try ArchiveHTTP.uuid(context, "listId"), agency: try context.requireIdentity().agency, executor: ctx.database)
        else { throw Refusal.notFound("no_such_list", "Không có danh mục hủy này", "no such disposal list") }
        return list
    }

    @Sendable func approve(_ request: Request, context: QLVBRequestContext) async throws -> DisposalList {
        try await ApproveDisposal(listId: try ArchiveHTTP.uuid(context, "listId")).run(ctx, by: try context.requireIdentity())
    }
}
