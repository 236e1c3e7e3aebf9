import Hummingbird
import ServiceKit

/// Wiring of the routing service: people (accounts, sign-in, delegation, audit) and the workflow
/// (incoming assignment, outgoing drafting, deadlines). Each part adds its handlers and routes.
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let people = try await PeopleWiring.wire(runtime)
        let workflow = try await WorkflowWiring.wire(runtime)
        return { router in
            people(router)
            workflow(router)
        }
    }
}
