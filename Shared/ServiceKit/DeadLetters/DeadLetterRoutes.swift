import Auth
import Contracts
import Foundation
import Hummingbird
import Messaging

/// The admin API over a service's dead letters (`/admin/dead-letters`): list, group, show, edit, discard, replay
/// (one, a selection or a group), follow and cancel a replay, and read the audit trail of these actions.
///
/// An agency's admin sees and acts on its own agency's dead letters only (the agency of their envelope); the
/// installation's operator on every one, including those without an agency. Another agency's dead letter is
/// "not found". An edit keeps the event type and the agency; a replay goes only to this service's own queues.
public struct DeadLetterRoutes: Sendable {
    let store: DeadLetterStore
    let runner: ReplayRunner
    let queues: QueueProbe

    public init(store: DeadLetterStore, runner: ReplayRunner, queues: QueueProbe) {
        self.store = store
        self.runner = runner
        self.queues = queues
    }

    public func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("admin/dead-letters").add(middleware: RequireRoles([.admin, .operator], agencyParameter: nil))
        group.get { request, context in try await self.list(request, try Self.scope(context)) }
        group.get("groups") { request, context in try await self.groups(request, try Self.scope(context)) }
        group.get("actions") { _, context in DeadLetterJSON.response(.ok, try await self.store.actions(scope: try Self.scope(context))) }
        group.post("discard") { request, context in try await self.discard(request, context) }
        group.get("replays") { _, context in DeadLetterJSON.response(.ok, try await self.store.replays(scope: try Self.scope(context))) }
        group.post("replays") { request, context in try await self.startReplay(request, context) }
        group.get("replays/:id") { _, context in
            guard let job = try await self.store.replay(try Self.id(context), scope: try Self.scope(context)) else { throw Self.notFound("replay") }
            return DeadLetterJSON.response(.ok, job)
        }
        group.post("replays/:id/cancel") { _, context in
            let scope = try Self.scope(context)
            return try await Self.mapped {
                DeadLetterJSON.response(
                    .ok, try await self.store.cancelReplay(try Self.id(context), actor: try context.requireIdentity().account, scope: scope))
            }
        }
        group.get(":id") { _, context in
            guard let letter = try await self.store.get(try Self.id(context), scope: try Self.scope(context)) else {
                throw Self.notFound("dead letter")
            }
            return DeadLetterJSON.response(.ok, letter)
        }
        group.put(":id/body") { request, context in
            let scope = try Self.scope(context)
            let body = try await request.body.collect(upTo: 16 << 20)
            return try await Self.mapped {
                try await self.store.edit(try Self.id(context), body: Array(buffer: body), actor: try context.requireIdentity().account, scope: scope)
                return DeadLetterJSON.response(.ok, try await self.store.get(try Self.id(context), scope: scope))
            }
        }
    }

    /// Whose dead letters the caller reaches: the operator every one, an agency's admin its agency's. Not through a
    /// delegation (a delegate acts on documents, not on the installation's messages).
    static func scope(_ context: QLVBRequestContext) throws -> DeadLetterScope {
        let identity = try context.requireIdentity()
        guard identity.onBehalfOf == nil else {
            throw Refusal.forbidden(
                "delegated", "Không quản lý thư lỗi theo ủy quyền", "dead letters are not managed through a delegation")
        }
        return identity.roles.contains(.operator) ? .everything : .agency(identity.agency)
    }

    struct Page: Codable { var items: [DeadLetter]; var next: Int64? }

    func list(_ request: Request, _ scope: DeadLetterScope) async throws -> Response {
        let q = request.uri.queryParameters
        let limit = Int(q["limit"].map(String.init) ?? "") ?? 100
        let after = Int64(q["after"].map(String.init) ?? "") ?? 0
        let items = try await store.list(try Self.filter(request), limit: limit, afterSeq: after, scope: scope)
        return DeadLetterJSON.response(.ok, Page(items: items, next: items.count == min(max(limit, 1), 1000) ? items.last?.seq : nil))
    }

    func groups(_ request: Request, _ scope: DeadLetterScope) async throws -> Response {
        DeadLetterJSON.response(.ok, try await store.groups(try Self.filter(request), scope: scope))
    }

    struct DiscardRequest: Codable { var ids: [UUID]?; var filter: DeadLetterFilter?; var reason: String }
    struct Count: Codable { var count: Int }

    func discard(_ request: Request, _ context: QLVBRequestContext) async throws -> Response {
        let scope = try Self.scope(context)
        let body = try await DeadLetterJSON.decode(DiscardRequest.self, request)
        return try await Self.mapped {
            let n = try await store.discard(
                DeadLetterSelection(ids: body.ids, filter: body.filter), reason: body.reason, actor: try context.requireIdentity().account,
                scope: scope)
            return DeadLetterJSON.response(.ok, Count(count: n))
        }
    }

    struct ReplayRequest: Codable { var ids: [UUID]?; var filter: DeadLetterFilter?; var targetQueue: String?; var rate: Double? }

    func startReplay(_ request: Request, _ context: QLVBRequestContext) async throws -> Response {
        let scope = try Self.scope(context)
        let body = try await DeadLetterJSON.decode(ReplayRequest.self, request)
        if let target = body.targetQueue {
            // A dead letter goes back only to a queue of the service that dead-lettered it, never into another's.
            guard runner.ownQueues().contains(target) else {
                throw Refusal.unprocessable(
                    "foreign_queue", "Hàng đợi \(target) không thuộc dịch vụ này: chỉ gửi lại vào hàng đợi của chính dịch vụ",
                    "queue \(target) is not one of this service's: a dead letter goes back only to the service's own queues")
            }
            // AMQP names are 1…255 bytes: anything else cannot exist, and the broker would not even be asked.
            guard try await Self.queueExists(target, queues) else {
                throw Refusal.unprocessable("unknown_queue", "Hàng đợi \(target) không tồn tại", "queue \(target) does not exist")
            }
        }
        return try await Self.mapped {
            let job = try await store.startReplay(
                DeadLetterSelection(ids: body.ids, filter: body.filter), targetQueue: body.targetQueue, rate: body.rate,
                actor: try context.requireIdentity().account, scope: scope)
            runner.nudge()
            return DeadLetterJSON.response(.accepted, job)
        }
    }

    static let earliest = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01T00:00:00Z
    static let latest = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31T23:59:59Z

    static func filter(_ request: Request) throws -> DeadLetterFilter {
        let q = request.uri.queryParameters
        func text(_ name: Substring) -> String? { q[name].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        func date(_ name: Substring) throws -> Date? {
            guard let raw = text(name) else { return nil }
            guard let d = ContractCoding.parseTimestamp(raw) ?? ISO8601DateFormatter().date(from: raw) else {
                throw Refusal.badRequest(
                    "invalid_parameter", "'\(name)' phải là thời điểm ISO 8601", "'\(name)' must be an ISO 8601 time, e.g. 2026-11-25T08:00:00Z")
            }
            // Year 1 reached PostgreSQL as a date it refused (a 500): no dead letter is older than the system.
            guard (Self.earliest...Self.latest).contains(d) else {
                throw Refusal.badRequest(
                    "invalid_parameter", "'\(name)' phải trong khoảng năm 2000 đến 9999", "'\(name)' must be between the years 2000 and 9999")
            }
            return d
        }
        var state: DeadLetter.State?
        if let raw = text("state") {
            guard let s = DeadLetter.State(rawValue: raw) else {
                let states = DeadLetter.State.allCases.map(\.rawValue).joined(separator: ", ")
                throw Refusal.badRequest("invalid_parameter", "'state' phải là một trong \(states)", "'state' must be one of \(states)")
            }
            state = s
        }
        return DeadLetterFilter(
            originalQueue: text("queue"), type: text("type"), errorContains: text("errorContains"), error: text("error"),
            errorClass: text("errorClass"), from: try date("from"), to: try date("to"), state: state)
    }

    static func id(_ context: QLVBRequestContext) throws -> UUID {
        let raw = try context.parameters.require("id")
        guard let id = UUID(uuidString: raw) else {
            throw Refusal.badRequest("invalid_id", "'\(raw)' không phải UUID", "'\(raw)' is not a UUID")
        }
        return id
    }

    static func queueExists(_ name: String, _ queues: QueueProbe) async throws -> Bool {
        (1...255).contains(name.utf8.count) ? try await queues.exists(name) : false
    }

    static func notFound(_ what: String) -> Refusal { .notFound("not_found", "Không tìm thấy", "no such \(what)") }

    /// Store refusals as HTTP answers: 404, 422 or 409 with the store's message ("tiếng Việt / English").
    static func mapped(_ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch let error as DeadLetterError {
            let parts = error.message.components(separatedBy: " / ")
            let vi = parts[0]
            let en = parts.count > 1 ? parts.dropFirst().joined(separator: " / ") : error.message
            switch error.kind {
            case .notFound: throw Refusal.notFound("not_found", vi, en)
            case .invalid: throw Refusal.unprocessable("invalid_selection", vi, en)
            case .conflict: throw Refusal.conflict("dead_letter_state", vi, en)
            case .immutable: throw Refusal.unprocessable("dead_letter_immutable", vi, en)
            case .foreignQueue: throw Refusal.unprocessable("foreign_queue", vi, en)
            }
        }
    }
}

/// JSON in and out with the contracts' coding (ISO 8601 times, sorted keys).
enum DeadLetterJSON {
    static func response(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let data = (try? ContractCoding.encoder().encode(value)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func decode<T: Decodable>(_: T.Type, _ request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        try RequestDecoding.refuseNul(buffer)
        do { return try ContractCoding.decoder().decode(T.self, from: Data(buffer: buffer)) } catch let error as DecodingError {
            throw RequestDecoding.refusal(error)
        }
    }
}
