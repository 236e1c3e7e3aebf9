import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `GET /search`: the documents of the caller's agency that they may see (need to know), by words and filters.
/// The agency is the token's: nobody searches another agency's documents.
struct SearchRoutes: Sendable {
    let search: SearchDocuments

    static let roles: Set<Role> = [.clerk, .head, .deputy, .departmentHead, .specialist, .admin]

    func add(to router: Router<QLVBRequestContext>) {
        router.get("search", use: find)
    }

    @Sendable func find(_ request: Request, context: QLVBRequestContext) async throws -> SearchPage {
        let identity = try context.requireIdentity()
        guard !identity.roles.isDisjoint(with: Self.roles) else {
            throw Refusal.forbidden(
                "search_not_allowed", "Tài khoản không có vai trò được tra cứu văn bản của cơ quan",
                "the account has no role that may search the agency's documents")
        }
        let parameters = SearchQueryParser.parameters(request)
        var query = try SearchQueryParser.query(agency: identity.agency, parameters)
        query.readableBy = SearchAccess(account: identity.account, roles: Set(identity.roles.map(\.rawValue))).readableBy
        let after = try SearchQueryParser.after(parameters)
        return try await search.run(query, after: after)
    }
}

extension SearchPage: ResponseEncodable {}
