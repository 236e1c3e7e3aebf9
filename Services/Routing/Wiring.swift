import Hummingbird
import ServiceKit

/// Wiring of the routing service: people (accounts, sign-in, delegation, audit) and the workflow
/// (incoming assignment, outgoing drafting, deadlines). Each part adds its handlers and routes.
///
/// The service is layered, and dependencies point inwards only (docs/architecture.md):
/// - `Domain/`: the types and the pure rules (`IncomingPolicy`, `TaskPolicy`, `DraftPolicy`, `DelegationPolicy`,
///   `AccountPolicy`, `DeadlineRules`, the audit chain); no HTTP, no SQL. Refusals are `Refusal`s.
/// - `Application/`: one command per user action (`AssignIncoming`, `SubmitDraft`, `DecideDraft`, `CreateAccount`,
///   `RequestDelegation`, …). A command takes the `CommandContext` (who acts, when) and the ports of `Ports.swift`,
///   and returns an `Outcome`: its result with the events and audit entries it emits.
/// - `Adapters/HTTP`: routes that decode the request, run the command in one unit of work and encode the answer;
///   `Adapters/Storage`: the PostgreSQL ports and migrations; `Adapters/Messaging`: the event handlers and the
///   deadline scheduler; `Adapters/Crypto`: password hashing; `Adapters/CLI`: `routing audit verify`.
/// Settings: `RoutingSettings`, read once here.
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let settings = try RoutingSettings.load()
        let people = try await PeopleWiring.wire(runtime, settings: settings)
        let workflow = try await WorkflowWiring.wire(runtime, settings: settings)
        return { router in
            people(router)
            workflow(router)
        }
    }
}
