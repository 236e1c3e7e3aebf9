import Auth
import Contracts
import Foundation
import Hummingbird
import Messaging
import ServiceKit
import Storage
import Synchronization

/// What every workflow route needs: the database, the outbox, the schema and a clock.
struct WorkflowEnvironment: Sendable {
    let database: PGClient
    let outbox: Outbox
    let schema: String
    var now: @Sendable () -> Date = { Date() }

    /// Runs one user action in one transaction: the caller is resolved (delegation checked at this moment), the
    /// body changes state, writes its events to the outbox and its audit entries; all commit together or not at all.
    /// The relay is woken after the commit.
    func perform<T: Sendable>(
        _ identity: Identity, _ request: Request, _ context: QLVBRequestContext, _ body: (ActionScope) async throws -> T
    ) async throws -> T {
        let now = self.now()
        let source = RequestSource.of(request, context: context)  // as the people routes record it
        let schema = self.schema
        let outbox = self.outbox
        let result = try await database.withTransaction { tx in
            let acting = try await Acting.resolve(identity, schema: schema, at: now, on: tx)
            let events = EmittedEvents()
            let result = try await body(ActionScope(tx: tx, acting: acting, schema: schema, now: now, source: source, events: events))
            try await outbox.append(events.envelopes, in: tx)  // one statement for all of the action's events
            // Last before COMMIT: appending locks the audit log until the commit (its hash chain), so the shorter
            // the time between the two, the more actions go through at once.
            for entry in events.auditEntries { _ = try await AuditLog.append(entry, schema: schema, in: tx) }
            return result
        }
        outbox.committed()
        return result
    }

    /// A read: the caller resolved, no transaction.
    func read<T: Sendable>(_ identity: Identity, _ body: (Acting) async throws -> T) async throws -> T {
        let acting = try await Acting.resolve(identity, schema: schema, at: now(), on: database)
        return try await body(acting)
    }
}

/// The transaction of one action, with the caller and the moment it happens.
struct ActionScope: Sendable {
    let tx: PGTransaction
    let acting: Acting
    let schema: String
    let now: Date
    let source: String?
    let events: EmittedEvents

    /// Adds an event for the outbox, written in this transaction before it commits, in the flow `correlationId`.
    func emit<E: Event>(_ event: E, correlationId: UUID?) throws {
        events.add(try Envelope(event, occurredAt: now, correlationId: correlationId, agency: acting.agency))
    }

    /// Adds an audit log entry (who acted, for whom, on what), appended in this transaction just before it commits.
    func audit(_ action: String, subject: String, details: [String: String] = [:]) {
        events.add(
            AuditEntry(
                actor: acting.account, onBehalfOf: acting.onBehalfOf, agency: acting.agency, action: action, subject: subject,
                details: details, source: source))
    }
}

/// The events and audit entries of one action, in the order it produced them.
final class EmittedEvents: Sendable {
    private let state = Mutex<([Envelope], [AuditEntry])>(([], []))
    func add(_ envelope: Envelope) { state.withLock { $0.0.append(envelope) } }
    func add(_ entry: AuditEntry) { state.withLock { $0.1.append(entry) } }
    var envelopes: [Envelope] { state.withLock { $0.0 } }
    var auditEntries: [AuditEntry] { state.withLock { $0.1 } }
}

/// Request bodies and query parameters, with the same clear errors everywhere.
enum RequestInput {
    static func json<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = 1 << 20) async throws -> T {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw WorkflowError(
                status: .contentTooLarge, code: "body_too_large", vietnamese: "Nội dung yêu cầu quá lớn (tối đa \(limit) byte)",
                english: "request body is larger than \(limit) bytes")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do { return try decoder.decode(T.self, from: Data(buffer: buffer)) } catch {
            throw WorkflowError.badRequest(
                "body_invalid", "Nội dung yêu cầu không đúng định dạng JSON mong đợi: \(describe(error))",
                "request body is not the expected JSON: \(describe(error))")
        }
    }

    static func uuid(_ context: some RequestContext, _ name: String) throws -> UUID {
        let text = try context.parameters.require(name)
        guard let id = UUID(uuidString: text) else {
            throw WorkflowError.badRequest("id_invalid", "Mã \(name) \"\(text)\" không phải UUID", "\(name) \"\(text)\" is not a UUID")
        }
        return id
    }

    /// `limit` (1–200, default 50) and `offset` (≥ 0).
    static func page(_ request: Request) throws -> (limit: Int, offset: Int) {
        let limit = try int(request, "limit") ?? 50
        let offset = try int(request, "offset") ?? 0
        guard (1...200).contains(limit), offset >= 0 else {
            throw WorkflowError.badRequest(
                "page_invalid", "limit phải từ 1 đến 200 và offset không âm", "limit must be 1–200 and offset not negative")
        }
        return (limit, offset)
    }

    static func int(_ request: Request, _ name: String) throws -> Int? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int(text) else {
            throw WorkflowError.badRequest("parameter_invalid", "Tham số \(name)=\(text) không phải số", "\(name)=\(text) is not a number")
        }
        return value
    }

    static func text(_ value: String?, field: String, max: Int = 2000) throws -> String {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !trimmed.isEmpty else {
            throw WorkflowError.badRequest("field_missing", "Thiếu nội dung trường \(field)", "field \(field) is missing or empty")
        }
        guard trimmed.count <= max else {
            throw WorkflowError.badRequest(
                "field_too_long", "Trường \(field) dài quá \(max) ký tự", "field \(field) is longer than \(max) characters")
        }
        return trimmed
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let c): c.codingPath.isEmpty ? "not JSON" : "bad value at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "\(error)"
        }
    }
}
