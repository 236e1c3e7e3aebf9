import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit
import Storage

/// The clerk's and the leaders' side of incoming documents: list, read, submit to a leader (trình), assign
/// handlers (phân công), reassign the main handler and recall the assignment (thu hồi).
struct IncomingRoutes: Sendable {
    let env: WorkflowEnvironment
    let store: IncomingStore

    func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("agencies/:agency/incoming").add(middleware: RequireRoles(Set(Role.allCases), agencyParameter: "agency"))
        group.get(use: list)
        group.get(":documentId", use: show)
        group.post(":documentId/submit", use: submit)
        group.post(":documentId/assign", use: assign)
        group.post(":documentId/reassign", use: reassign)
        group.post(":documentId/recall", use: recall)
        group.post(":documentId/revocation/answer", use: answerRevocation)
    }

    struct Page: ResponseEncodable, Decodable {
        var items: [IncomingDocument]
        var total: Int
        var limit: Int
        var offset: Int
    }

    /// One document with every task on it and the co-handlers' opinions.
    typealias Detail = IncomingDetail

    struct SubmitRequest: Codable, Sendable {
        /// The leader the clerk submits to; any leader may act when absent.
        var to: String?
        var note: String?
    }

    struct ReassignRequest: Codable, Sendable {
        var main: AssignmentRequest.Target
        /// A new deadline; the withdrawn task's deadline is kept when absent.
        var deadline: DeadlineRules.Spec?
        var reason: String?
    }

    struct RecallRequest: Codable, Sendable {
        var reason: String?
    }

    struct RevocationAnswerRequest: Codable, Sendable {
        /// true: 15, agreed (the document stays revoked); false: 16, refused (needs `note`, the reason).
        var accept: Bool
        var note: String?
    }

    /// Clerk and leaders see the agency's registered documents; `state` filters (e.g. `registered`, `submitted`).
    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let identity = try context.requireIdentity()
        let page = try RequestInput.page(request)
        let state = try request.uri.queryParameters.get("state").map { text in
            guard let s = IncomingDocument.State(rawValue: text), s != .received else {
                throw Refusal.badRequest("state_invalid", "Trạng thái \"\(text)\" không hợp lệ", "unknown state \"\(text)\"")
            }
            return s
        }
        return try await env.read(identity) { acting in
            let (items, total) = try await IncomingQueries.list(acting, state: state, limit: page.limit, offset: page.offset, reading: reading)
            return Page(items: items, total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// Clerk, leaders and whoever holds a task on the document.
    @Sendable func show(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        return try await env.read(identity) { acting in try await IncomingQueries.detail(id, acting, reading: reading) }
    }

    /// Clerk: registered → submitted (trình lãnh đạo).
    @Sendable func submit(_ request: Request, context: QLVBRequestContext) async throws -> IncomingDocument {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        let body = try await RequestInput.json(SubmitRequest.self, from: request)
        let command = SubmitIncoming(documentId: id, to: body.to, note: body.note)
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, documents: ports.documents, staff: ports.staff)
        }
    }

    /// Leader (or a delegate on their behalf): submitted → assigned.
    @Sendable func assign(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        let command = AssignIncoming(documentId: id, assignment: try await RequestInput.json(AssignmentRequest.self, from: request))
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, documents: ports.documents, staff: ports.staff)
        }
    }

    /// Leader: a new main handler; the old main task is withdrawn.
    @Sendable func reassign(_ request: Request, context: QLVBRequestContext) async throws -> HandlingTask {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        let body = try await RequestInput.json(ReassignRequest.self, from: request)
        let command = ReassignIncoming(documentId: id, main: body.main, deadline: body.deadline, reason: body.reason)
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, documents: ports.documents, staff: ports.staff)
        }
    }

    /// Leader: withdraws every open task (thu hồi phân công).
    @Sendable func recall(_ request: Request, context: QLVBRequestContext) async throws -> IncomingDocument {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        let command = RecallAssignment(documentId: id, reason: try await RequestInput.json(RecallRequest.self, from: request).reason)
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, documents: ports.documents)
        }
    }

    /// Clerk: answers the sender's revocation request with 15 (agreed) or 16 (refused, with the reason).
    @Sendable func answerRevocation(_ request: Request, context: QLVBRequestContext) async throws -> IncomingDocument {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        let body = try await RequestInput.json(RevocationAnswerRequest.self, from: request)
        let command = AnswerRevocation(documentId: id, accept: body.accept, note: body.note)
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, documents: ports.documents, staff: ports.staff)
        }
    }

    private var reading: PGIncomingReading<PGClient> { PGIncomingReading(store: store, db: env.database) }
}
