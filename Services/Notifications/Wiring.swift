import Hummingbird
import ServiceKit

/// Wiring of the notifications service: its handlers on the router and its HTTP routes.
///
/// In-app notices (`notices`) from: `dossier.transfer_due` (archive) for the dossier's keeper; each person reads
/// their own at `GET /agencies/{agency}/notices` (the web inbox's "Thông báo").
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let store = NoticeStore(schema: runtime.schema)
        runtime.router.add(NotifyTransferDue(store: store))
        let routes = NoticeRoutes(database: runtime.database, store: store)
        return { router in routes.add(to: router) }
    }
}
