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
    }

    struct Page: ResponseEncodable, Decodable {
        var items: [IncomingDocument]
        var total: Int
        var limit: Int
        var offset: Int
    }

    /// One document with every task on it and the co-handlers' opinions.
    struct Detail: ResponseEncodable, Decodable {
        var document: IncomingDocument
        var tasks: [HandlingTask]
        var opinions: [Opinion]
    }

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

    /// Clerk and leaders see the agency's registered documents; `state` filters (e.g. `registered`, `submitted`).
    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let identity = try context.requireIdentity()
        let page = try RequestInput.page(request)
        let state = try request.uri.queryParameters.get("state").map { text in
            guard let s = IncomingDocument.State(rawValue: text), s != .received else {
                throw WorkflowError.badRequest(
                    "state_invalid", "Trạng thái \"\(text)\" không hợp lệ", "unknown state \"\(text)\"")
            }
            return s
        }
        return try await env.read(identity) { acting in
            guard acting.isLeader || acting.roles.contains(.clerk) else {
                throw WorkflowError.forbidden(
                    "clerk_or_leader_only", "Chỉ văn thư và lãnh đạo xem được danh sách văn bản đến",
                    "only the clerk and the leaders list incoming documents")
            }
            let (items, total) = try await store.documents(
                agency: acting.agency, state: state, limit: page.limit, offset: page.offset, on: env.database)
            return Page(items: items, total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// Clerk, leaders and whoever holds a task on the document.
    @Sendable func show(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        return try await env.read(identity) { acting in
            let db = env.database
            let document = try await visibleDocument(id, acting, on: db)
            let tasks = try await store.tasks(ofDocument: id, on: db)
            guard acting.isLeader || acting.roles.contains(.clerk) || tasks.contains(where: { $0.assignee == acting.principal }) else {
                throw WorkflowError.forbidden(
                    "not_involved", "Văn bản không được giao cho bạn", "this document is not assigned to you")
            }
            return Detail(document: document, tasks: tasks, opinions: try await store.opinions(ofDocument: id, on: db))
        }
    }

    /// Clerk: registered → submitted (trình lãnh đạo).
    @Sendable func submit(_ request: Request, context: QLVBRequestContext) async throws -> IncomingDocument {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        let body = try await RequestInput.json(SubmitRequest.self, from: request)
        return try await env.perform(identity, request, context) { scope in
            guard scope.acting.roles.contains(.clerk) else {
                throw WorkflowError.forbidden("clerk_only", "Chỉ văn thư được trình văn bản đến", "only the clerk submits incoming documents")
            }
            let document = try await lockedDocument(id, scope)
            guard document.state == .registered else {
                throw WorkflowError.illegal(
                    "submit", state: document.state.rawValue, vietnamese: "Chỉ trình được văn bản vừa vào sổ",
                    english: "only a registered document can be submitted")
            }
            if let leader = body.to {
                guard let user = try await Directory.user(leader, schema: scope.schema, on: scope.tx), user.isActive,
                    user.agency == scope.acting.agency, !user.roles.isDisjoint(with: [.head, .deputy])
                else {
                    throw WorkflowError.unprocessable(
                        "leader_unknown", "\(leader) không phải lãnh đạo đang làm việc của cơ quan",
                        "\(leader) is not an active leader of this agency")
                }
            }
            try await store.submit(id, by: scope.acting.principal, to: body.to, at: scope.now, in: scope.tx)
            scope.audit("incoming.submit", subject: id.lowercased, details: ["to": body.to ?? "", "note": body.note ?? ""])
            return try await lockedDocument(id, scope)
        }
    }

    /// Leader (or a delegate on their behalf): submitted → assigned. Emits `task.assigned` per person and 04.
    @Sendable func assign(_ request: Request, context: QLVBRequestContext) async throws -> Detail {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        let body = try await RequestInput.json(AssignmentRequest.self, from: request)
        return try await env.perform(identity, request, context) { scope in
            try scope.acting.requireLeader("phân công xử lý văn bản đến", "assign incoming documents")
            let document = try await lockedDocument(id, scope)
            guard document.state == .submitted else {
                throw WorkflowError.illegal(
                    "assign", state: document.state.rawValue,
                    vietnamese: document.state == .registered
                        ? "Văn bản chưa được văn thư trình nên chưa phân công được" : "Văn bản đã được phân công",
                    english: document.state == .registered
                        ? "the clerk has not submitted the document yet" : "the document is already assigned")
            }
            let deadline = try DeadlineRules.deadline(body.deadline, assignedAt: scope.now)
            let people = try await AssigneeResolver.resolve(body, agency: scope.acting.agency, schema: scope.schema, on: scope.tx)
            var tasks: [HandlingTask] = []
            for person in people {
                let task = newTask(document, person, deadline: person.role == .reader ? nil : deadline, scope)
                try await store.insert(task, in: scope.tx)
                try scope.emit(assigned(task), correlationId: document.correlationId)
                tasks.append(task)
            }
            try await store.setState(id, .assigned, in: scope.tx)
            try await IncomingStatus.send(.assigned, document, scope)
            scope.audit(
                "incoming.assign", subject: id.lowercased,
                details: [
                    "main": tasks.first { $0.role == .main }?.assignee ?? "",
                    "cooperating": tasks.filter { $0.role == .cooperating }.map(\.assignee).joined(separator: ","),
                    "readers": tasks.filter { $0.role == .reader }.map(\.assignee).joined(separator: ","),
                    "deadline": deadline.map { ISO8601DateFormatter().string(from: $0) } ?? "", "note": body.note ?? "",
                ])
            return Detail(document: try await lockedDocument(id, scope), tasks: tasks, opinions: [])
        }
    }

    /// Leader: a new main handler; the old main task is withdrawn. The document goes back to `assigned`.
    @Sendable func reassign(_ request: Request, context: QLVBRequestContext) async throws -> HandlingTask {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        let body = try await RequestInput.json(ReassignRequest.self, from: request)
        return try await env.perform(identity, request, context) { scope in
            try scope.acting.requireLeader("giao lại người xử lý chính", "reassign the main handler")
            let document = try await lockedDocument(id, scope)
            guard document.state == .assigned || document.state == .processing else {
                throw WorkflowError.illegal(
                    "reassign", state: document.state.rawValue, vietnamese: "Chỉ giao lại được văn bản đang được xử lý",
                    english: "only a document being handled can be reassigned")
            }
            let people = try await AssigneeResolver.resolve(
                body.main, role: .main, agency: scope.acting.agency, schema: scope.schema, on: scope.tx)
            guard people.count == 1, let person = people.first else {
                throw WorkflowError.unprocessable(
                    "main_handler_ambiguous", "Người xử lý chính phải là đúng một người", "the main handler must be exactly one person")
            }
            let old = try await store.withdraw(document: id, role: .main, reason: "reassigned", in: scope.tx)
            if old.contains(where: { $0.assignee == person.account }) {
                throw WorkflowError.unprocessable(
                    "same_handler", "\(person.account) đang là người xử lý chính", "\(person.account) already is the main handler")
            }
            let deadline = try DeadlineRules.deadline(body.deadline, assignedAt: scope.now) ?? old.first?.deadline
            let task = newTask(document, person, deadline: deadline, scope)
            try await store.insert(task, in: scope.tx)
            try scope.emit(assigned(task), correlationId: document.correlationId)
            try await store.setState(id, .assigned, in: scope.tx)
            scope.audit(
                "incoming.reassign", subject: id.lowercased,
                details: ["from": old.map(\.assignee).joined(separator: ","), "to": person.account, "reason": body.reason ?? ""])
            return task
        }
    }

    /// Leader: withdraws every open task (thu hồi phân công); the document waits for a new assignment.
    @Sendable func recall(_ request: Request, context: QLVBRequestContext) async throws -> IncomingDocument {
        let identity = try context.requireIdentity()
        let id = try RequestInput.uuid(context, "documentId")
        let body = try await RequestInput.json(RecallRequest.self, from: request)
        return try await env.perform(identity, request, context) { scope in
            try scope.acting.requireLeader("thu hồi phân công", "recall an assignment")
            let document = try await lockedDocument(id, scope)
            guard document.state == .assigned || document.state == .processing else {
                throw WorkflowError.illegal(
                    "recall", state: document.state.rawValue, vietnamese: "Chỉ thu hồi được văn bản đã phân công và chưa hoàn thành",
                    english: "only an assigned document that is not completed can be recalled")
            }
            let withdrawn = try await store.withdraw(document: id, role: nil, reason: "recalled", in: scope.tx)
            try await store.setState(id, .submitted, in: scope.tx)
            scope.audit(
                "incoming.recall", subject: id.lowercased,
                details: ["tasks": withdrawn.map(\.assignee).joined(separator: ","), "reason": body.reason ?? ""])
            return try await lockedDocument(id, scope)
        }
    }

    // MARK: helpers

    private func visibleDocument(_ id: UUID, _ acting: Acting, on db: some PGExecutor) async throws -> IncomingDocument {
        guard let document = try await store.document(id, agency: acting.agency, on: db), document.state != .received else {
            throw WorkflowError.notFound("Không có văn bản đến này trong cơ quan", "no such incoming document in this agency")
        }
        return document
    }

    private func lockedDocument(_ id: UUID, _ scope: ActionScope) async throws -> IncomingDocument {
        guard let document = try await store.document(id, agency: scope.acting.agency, forUpdate: true, on: scope.tx),
            document.state != .received
        else {
            throw WorkflowError.notFound("Không có văn bản đến này trong cơ quan", "no such incoming document in this agency")
        }
        return document
    }

    private func newTask(_ document: IncomingDocument, _ person: Assignee, deadline: Date?, _ scope: ActionScope) -> HandlingTask {
        HandlingTask(
            id: UUID(), agency: scope.acting.agency, documentId: document.documentId, assignee: person.account,
            departmentId: person.departmentId, role: person.role, state: .assigned, deadline: deadline,
            assignedBy: scope.acting.account, onBehalfOf: scope.acting.onBehalfOf, assignedAt: scope.now)
    }

    private func assigned(_ task: HandlingTask) -> TaskAssigned {
        TaskAssigned(
            taskId: task.id, documentId: task.documentId, assignee: task.assignee, role: task.role, deadline: task.deadline,
            assignedBy: task.assignedBy, onBehalfOf: task.onBehalfOf)
    }
}

/// Status packets back to the sender from within an action.
enum IncomingStatus {
    static func send(_ status: StatusCode, _ document: IncomingDocument, _ scope: ActionScope) async throws {
        let from = try await StatusReply.agency(scope.acting.agency, schema: scope.schema, on: scope.tx)
        let staff = try await StatusReply.staff(scope.acting.principal, schema: scope.schema, on: scope.tx)
        try scope.emit(
            try StatusReply.make(document, status, from: from, staff: staff, at: scope.now), correlationId: document.correlationId)
    }
}

extension UUID {
    /// The form the audit log and the events use.
    var lowercased: String { uuidString.lowercased() }
}
