import Foundation
import Hummingbird
import ServiceKit

/// Wiring of the numbering service: its handlers on the router and its HTTP routes.
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let settings = try NumberingSettings.load()
        let store = IncomingRegisterStore(schema: runtime.schema)
        runtime.router.add(RegisterIncoming(store: store))
        runtime.router.add(RecordReader(store: store))
        let routes = IncomingRegisterRoutes(
            database: runtime.database, store: store, blobs: runtime.blobs,
            agencies: settings.agencies)
        return { router in routes.add(to: router) }
    }
}
