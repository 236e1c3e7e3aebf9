import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `GET /search`: the documents of the caller's agency that they may see (need to know), by words and filters.
/// The agency is the token's: nobody searches another agency's documents. `GET /search/senders?q=`: the agency's
/// senders for the "Nơi gửi" field.
struct SearchRoutes: Sendable {
    let search: SearchDocuments

    static let roles: Set<Role> = [.clerk, .head, .deputy, .departmentHead, .specialist, .admin]

    func add(to router: Router<QLVBRequestContext>) {
        router.get("search", use: find)
        router.get("search/senders", use: senders)
    }

    @Sendable func senders(_ request: Request, context: QLVBRequestContext) async throws -> SenderList {
        let identity = try Self.searcher(context)
        let parameters = SearchQueryParser.parameters(request)
        let typed = try SearchQueryParser.text("q", parameters, max: SearchQuery.maxTextLength)
        let limit = try SearchQueryParser.int("limit", parameters, 1...SuggestSenders.maxLimit) ?? 20
        return try await SuggestSenders(database: search.database, store: search.store)
            .run(agency: identity.agency, typed: typed, limit: limit)
    }

    @Sendable func find(_ request: Request, context: QLVBRequestContext) async throws -> SearchPage {
        let identity = try Self.searcher(context)
        let parameters = SearchQueryParser.parameters(request)
        var query = try SearchQueryParser.query(agency: identity.agency, parameters)
        query.readableBy = SearchAccess(account: identity.account, roles: Set(identity.roles.map(\.rawValue))).readableBy
        let after = try SearchQueryParser.after(parameters)
        return try await search.run(query, after: after)
    }

    static func searcher(_ context: QLVBRequestContext) throws -> Identity {
        let identity = try context.requireIdentity()
        guard !identity.roles.isDisjoint(with: Self.roles) else {
            throw Refusal.forbidden(
                "search_not_allowed", "Tài khoản không có vai trò được tra cứu văn bản của cơ quan",
                "the account has no role that may search the agency's documents")
        }
        return identity
    }
}

extension SearchPage: ResponseEncodable {}
extension SenderList: ResponseEncodable {}
