import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The approval side of drafting: the author submits to the leader in charge (head or deputy), who returns it with
/// comments or — a deputy — forwards it to the head; the head approves, which requests the head's signature.
extension DraftRoutes {
    /// Author: drafting/returned → submitted to the leader in charge; needs the main PDF.
    @Sendable func submit(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let command = SubmitDraft(draftId: id, leader: try await RequestInput.json(SubmitRequest.self, from: request).leader)
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, drafts: ports.drafts, staff: ports.staff)
        }
    }

    /// The leader holding it (or the head, once forwarded) sends it back with comments.
    @Sendable func giveBack(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        try await decide(request, context, .return)
    }

    /// The leader in charge (a deputy) passes it to the head.
    @Sendable func forward(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        try await decide(request, context, .forward)
    }

    /// The head approves: `signing.requested` for the head's signature on the main PDF, appendices with it.
    @Sendable func approve(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        try await decide(request, context, .approve)
    }

    private func decide(_ request: Request, _ context: QLVBRequestContext, _ decision: DraftPolicy.Decision) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let command = DecideDraft(
            draftId: id, decision: decision, text: try await RequestInput.json(TextRequest.self, from: request).text,
            approvals: env.approvals)
        _ = try command.reason()  // a return without a reason is refused before the caller is looked up
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, drafts: ports.drafts, staff: ports.staff)
        }
    }
}

extension DraftRoutes {
    /// Clerk or leader: takes an issued document back (thu hồi) with the reason; dispatch sends 13 to its recipients.
    @Sendable func recall(_ request: Request, context: QLVBRequestContext) async throws -> Draft {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "draftId")
        let command = RecallIssued(draftId: id, reason: try await RequestInput.json(RecallRequest.self, from: request).reason)
        _ = try RecallPolicy.reason(command.reason)  // refused before the caller is looked up
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, drafts: ports.drafts, staff: ports.staff)
        }
    }
}
