import Hummingbird
import ServiceKit

/// Wiring of the routing service: its handlers on the router and its HTTP routes.
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        { _ in }
    }
}
