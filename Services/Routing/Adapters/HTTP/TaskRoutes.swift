import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit
import Storage

/// A handler's side: the inbox (hộp công việc), accepting a task (tiếp nhận), co-handlers' opinions for the main
/// handler (ý kiến phối hợp) and completing with a result (hoàn thành).
struct TaskRoutes: Sendable {
    let env: WorkflowEnvironment
    let store: IncomingStore

    func add(to router: Router<QLVBRequestContext>) {
        let agency = router.group("agencies/:agency").add(middleware: RequireRoles(Set(Role.allCases), agencyParameter: "agency"))
        agency.get("inbox", use: inbox)
        agency.post("tasks/:taskId/accept", use: accept)
        agency.post("tasks/:taskId/opinions", use: opinion)
        agency.post("tasks/:taskId/complete", use: complete)
        agency.post("tasks/:taskId/pass-on", use: passOn)
    }

    /// A task in the inbox with what the handler needs to recognise the document.
    struct InboxItem: Codable, Sendable {
        var task: HandlingTask
        var subject: String?
        var number: Int?
        var documentCode: String?
        var sender: String?
    }

    struct InboxPage: ResponseEncodable, Decodable {
        var items: [InboxItem]
        var limit: Int
        var offset: Int
    }

    struct OpinionRequest: Codable, Sendable { var text: String? }
    struct CompleteRequest: Codable, Sendable { var result: String? }
    struct PassOnRequest: Codable, Sendable {
        var main: String?
        var cooperating: [String]?
        var deadline: DeadlineRules.Spec?
        var note: String?
    }

    /// The caller's tasks (or, for a delegate, the delegator's), newest first; `state=all` includes closed ones.
    @Sendable func inbox(_ request: Request, context: QLVBRequestContext) async throws -> InboxPage {
        let identity = try context.requireIdentity()
        let page = try RequestInput.page(request)
        let openOnly: Bool
        switch request.uri.queryParameters.get("state") ?? "open" {
        case "open": openOnly = true
        case "all": openOnly = false
        case let other:
            throw Refusal.badRequest("state_invalid", "state phải là open hoặc all (nhận \"\(other)\")", "state must be open or all, not \"\(other)\"")
        }
        return try await env.read(identity) { acting in
            let items = try await store.inbox(
                agency: acting.agency, assignee: acting.principal, openOnly: openOnly, limit: page.limit, offset: page.offset,
                on: env.database)
            return InboxPage(items: items, limit: page.limit, offset: page.offset)
        }
    }

    /// The assignee takes the task: assigned → accepted.
    @Sendable func accept(_ request: Request, context: QLVBRequestContext) async throws -> HandlingTask {
        let identity = try context.requireIdentity()
        let command = AcceptTask(taskId: try RequestInput.uuid(context, "taskId"))
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, documents: ports.documents, staff: ports.staff)
        }
    }

    /// A co-handler sends an opinion to the main handler.
    @Sendable func opinion(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "taskId")
        let body = try await RequestInput.json(OpinionRequest.self, from: request)
        let command = GiveOpinion(taskId: id, text: try RequestInput.text(body.text, field: "text", max: 10_000))
        let opinion = try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, documents: ports.documents)
        }
        return try JSONBody.response(opinion, status: .created)
    }

    /// The main handler finishes: accepted → completed with the result.
    @Sendable func complete(_ request: Request, context: QLVBRequestContext) async throws -> HandlingTask {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "taskId")
        let body = try await RequestInput.json(CompleteRequest.self, from: request)
        let command = CompleteTask(taskId: id, result: try RequestInput.text(body.result, field: "result", max: 10_000))
        return try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, documents: ports.documents, staff: ports.staff)
        }
    }
}

extension TaskRoutes {
    /// A head of department passes their task on inside the department (giao việc trong phòng); 201 with the new tasks.
    @Sendable func passOn(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "taskId")
        let body = try await RequestInput.json(PassOnRequest.self, from: request)
        let cooperating = (body.cooperating ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard cooperating.count <= 50 else {
            throw Refusal.badRequest("too_many_people", "Tối đa 50 người phối hợp", "at most 50 co-handlers")
        }
        let command = PassOnTask(
            taskId: id, main: try RequestInput.text(body.main, field: "main", max: 128).lowercased(), cooperating: cooperating,
            deadline: body.deadline, note: try body.note.map { try RequestInput.text($0, field: "note", max: 2000) })
        let tasks = try await env.perform(identity, request, context) { context, ports in
            try await command.run(context, documents: ports.documents, staff: ports.staff)
        }
        return try JSONBody.response(Items(items: tasks), status: .created)
    }
}

/// JSON with an explicit status (201 for what an action created).
enum JSONBody {
    static func response(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
