import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit
import Storage

/// Thông báo: the signed-in person's own notices (their in-app feed), newest first; nobody reads another's.
struct NoticeRoutes: Sendable {
    let database: PGClient
    let store: NoticeStore

    /// Every member of an agency has a feed.
    static let readers: Set<Role> = [.clerk, .head, .deputy, .departmentHead, .specialist, .archivist, .admin]

    func add(to router: Router<QLVBRequestContext>) {
        router.group("agencies/:agency/notices")
            .add(middleware: RequireRoles(Self.readers, agencyParameter: "agency"))
            .get(use: feed)
    }

    struct Item: Codable, Sendable, Equatable {
        /// The event it comes from, e.g. `dossier.transfer_due`.
        var kind: String
        /// What it is about (a dossier, a document).
        var subjectId: UUID
        var text: String
        var createdAt: Date
    }

    struct Page: ResponseEncodable, Decodable {
        var items: [Item]
    }

    @Sendable func feed(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let identity = try context.requireIdentity()
        let limit: Int
        if let text = request.uri.queryParameters["limit"].map(String.init) {
            guard let n = Int(text), (1...200).contains(n) else {
                throw Refusal.badRequest("invalid_parameter", "'limit' là số từ 1 đến 200", "'limit' is a number from 1 to 200")
            }
            limit = n
        } else {
            limit = 50
        }
        let notices = try await store.feed(account: identity.account, agency: identity.agency, limit: limit, executor: database)
        return Page(items: notices.map { Item(kind: $0.kind, subjectId: $0.subjectId, text: $0.text, createdAt: $0.createdAt) })
    }
}
