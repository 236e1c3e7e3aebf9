import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/agencies/:agency/audit` (the agency's entries, newest first) and `/agencies/:agency/audit/verify` (the chain
/// re-computed from the newest signed checkpoint; `?full=true` from the first entry, against every checkpoint): for
/// the agency's admin and head only.
struct AuditRoutes: Sendable {
    let people: PeopleService

    func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("agencies/:agency/audit")
            .add(middleware: RequireRoles(PeopleRoutes.managers)).add(middleware: RefuseDelegated())
        group.get(use: list)
        group.get("verify", use: verify)
    }

    struct Page: ResponseEncodable {
        var items: [StoredAuditEntry]
        /// Pass as `before` for the next (older) page; nil at the end.
        var nextBefore: Int64?
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let agency = try context.parameters.require("agency")
        let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
        guard (1...1000).contains(limit) else {
            throw PeopleError.badRequest("limit phải từ 1 đến 1000 / limit must be between 1 and 1000")
        }
        var before: Int64?
        if let text = request.uri.queryParameters.get("before") {
            guard let value = Int64(text) else { throw PeopleError.badRequest("before phải là số / before must be a number") }
            before = value
        }
        let items = try await AuditLog.list(agency: agency, limit: limit, before: before, schema: people.schema, on: people.database)
        return Page(items: items, nextBefore: items.count == limit ? items.last?.sequence : nil)
    }

    @Sendable func verify(_ request: Request, context: QLVBRequestContext) async throws -> AuditVerification {
        let full = request.uri.queryParameters.get("full") == "true"
        return try await AuditCheckpointer.verify(schema: people.schema, database: people.database, store: people.auditCheckpoints, full: full)
    }
}
