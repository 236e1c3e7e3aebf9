import Hummingbird
import ServiceKit

/// Wiring of the routing service: people (accounts, sign-in, delegation, audit) and the workflow
/// (incoming assignment, outgoing drafting, deadlines). Each part adds its handlers and routes.
///
/// The workflow is layered, and dependencies point inwards only:
/// - `Domain/`: the types and the pure rules (`IncomingPolicy`, `TaskPolicy`, `DraftPolicy`, `DelegationPolicy`,
///   `DeadlineRules`); no HTTP, no SQL. Refusals are `Refusal`s.
/// - `Application/`: one command per user action (`AssignIncoming`, `SubmitDraft`, `DecideDraft`, …). A command
///   takes the `CommandContext` (who acts, when) and the ports of `Ports.swift`, and returns an `Outcome`: its
///   result with the events and audit entries it emits.
/// - `Adapters/HTTP`: routes that decode the request, run the command in one unit of work and encode the answer;
///   `Adapters/Storage`: the PostgreSQL ports and migrations; `Adapters/Messaging`: the event handlers and the
///   deadline scheduler.
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
