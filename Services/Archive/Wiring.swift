import Hummingbird
import ServiceKit

/// Wiring of the archive service: its handlers on the router and its HTTP routes.
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let search = SearchWiring.wire(runtime, settings: try SearchSettings.load())
        return { router in
            search.add(to: router)
        }
    }
}
