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

    /// The caller's tasks (or, for a delegate, the delegator's), newest first; `state=all` includes closed ones.
    @Sendable func inbox(_ request: Request, context: QLVBRequestContext) async throws -> InboxPage {
        let identity = try context.requireIdentity()
        let page = try RequestInput.page(request)
        let openOnly: Bool
        switch request.uri.queryParameters.get("state") ?? "open" {
        case "open": openOnly = true
        case "all": openOnly = false
        case let other:
            throw WorkflowError.badRequest("state_invalid", "state phải là open hoặc all (nhận \"\(other)\")", "state must be open or all, not \"\(other)\"")
        }
        return try await env.read(identity) { acting in
            let items = try await store.inbox(
                agency: acting.agency, assignee: acting.principal, openOnly: openOnly, limit: page.limit, offset: page.offset,
                on: env.database)
            return InboxPage(items: items, limit: page.limit, offset: page.offset)
        }
    }

    /// The assignee takes the task: assigned → accepted. The main handler's acceptance puts the document in
    /// processing and tells the sender 05.
    @Sendable func accept(_ request: Request, context: QLVBRequestContext) async throws -> HandlingTask {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "taskId")
        return try await env.perform(identity, request, context) { scope in
            let (task, document) = try await ownTask(id, scope)
            guard task.state == .assigned else {
                throw WorkflowError.illegal(
                    "accept", state: task.state.rawValue, vietnamese: "Chỉ tiếp nhận được nhiệm vụ vừa được giao",
                    english: "only a newly assigned task can be accepted")
            }
            try await store.accept(id, at: scope.now, in: scope.tx)
            if task.role == .main, document.state == .assigned {
                try await store.setState(document.documentId, .processing, in: scope.tx)
                // After a reassignment the sender already knows the document is being handled.
                if try await !store.mainHandlerAccepted(document: document.documentId, except: id, on: scope.tx) {
                    try await IncomingStatus.send(.processing, document, scope)
                }
            }
            scope.audit("task.accept", subject: id.lowercased, details: ["document": document.documentId.lowercased])
            return try await store.task(id, agency: scope.acting.agency, on: scope.tx) ?? task
        }
    }

    /// A co-handler sends an opinion to the main handler; it shows on the document for them and the leaders.
    @Sendable func opinion(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "taskId")
        let body = try await RequestInput.json(OpinionRequest.self, from: request)
        let text = try RequestInput.text(body.text, field: "text", max: 10_000)
        let opinion = try await env.perform(identity, request, context) { scope in
            let (task, document) = try await ownTask(id, scope)
            guard task.role == .cooperating else {
                throw WorkflowError.forbidden(
                    "cooperating_only", "Chỉ người phối hợp gửi ý kiến cho người xử lý chính",
                    "only co-handlers send opinions to the main handler")
            }
            guard task.state.isOpen, document.state == .assigned || document.state == .processing else {
                throw WorkflowError.illegal(
                    "opinion", state: task.state.rawValue, vietnamese: "Nhiệm vụ phối hợp đã đóng",
                    english: "the co-handling task is closed")
            }
            let opinion = try await store.addOpinion(
                document: document.documentId, task: id, author: scope.acting.account, onBehalfOf: scope.acting.onBehalfOf, body: text,
                at: scope.now, in: scope.tx)
            scope.audit("task.opinion", subject: id.lowercased, details: ["document": document.documentId.lowercased])
            return opinion
        }
        return try JSONBody.response(opinion, status: .created)
    }

    /// The main handler finishes: accepted → completed with the result; other open tasks on the document close,
    /// `task.completed` and 06 go out.
    @Sendable func complete(_ request: Request, context: QLVBRequestContext) async throws -> HandlingTask {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "taskId")
        let body = try await RequestInput.json(CompleteRequest.self, from: request)
        let result = try RequestInput.text(body.result, field: "result", max: 10_000)
        return try await env.perform(identity, request, context) { scope in
            let (task, document) = try await ownTask(id, scope)
            guard task.role == .main else {
                throw WorkflowError.forbidden(
                    "main_handler_only", "Chỉ người xử lý chính được hoàn thành văn bản", "only the main handler completes the document")
            }
            guard task.state == .accepted else {
                throw WorkflowError.illegal(
                    "complete", state: task.state.rawValue,
                    vietnamese: task.state == .assigned ? "Phải tiếp nhận nhiệm vụ trước khi hoàn thành" : "Nhiệm vụ đã đóng",
                    english: task.state == .assigned ? "accept the task before completing it" : "the task is closed")
            }
            try await store.complete(id, result: result, at: scope.now, in: scope.tx)
            try await store.closeWithDocument(document.documentId, at: scope.now, in: scope.tx)
            try await store.setState(document.documentId, .completed, in: scope.tx)
            try scope.emit(
                TaskCompleted(
                    taskId: id, documentId: document.documentId, completedBy: scope.acting.principal, result: result, completedAt: scope.now),
                correlationId: document.correlationId)
            try await IncomingStatus.send(.finished, document, scope)
            scope.audit("task.complete", subject: id.lowercased, details: ["document": document.documentId.lowercased, "result": result])
            return try await store.task(id, agency: scope.acting.agency, on: scope.tx) ?? task
        }
    }

    /// The task, locked with its document, when it is the caller's (or their delegator's).
    private func ownTask(_ id: UUID, _ scope: ActionScope) async throws -> (HandlingTask, IncomingDocument) {
        guard let peek = try await store.task(id, agency: scope.acting.agency, on: scope.tx),
            let document = try await store.document(peek.documentId, agency: scope.acting.agency, forUpdate: true, on: scope.tx),
            let task = try await store.task(id, agency: scope.acting.agency, forUpdate: true, on: scope.tx)
        else {
            throw WorkflowError.notFound("Không có nhiệm vụ này trong cơ quan", "no such task in this agency")
        }
        guard task.assignee == scope.acting.principal else {
            throw WorkflowError.forbidden("not_assignee", "Nhiệm vụ này không giao cho bạn", "this task is not assigned to you")
        }
        return (task, document)
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
