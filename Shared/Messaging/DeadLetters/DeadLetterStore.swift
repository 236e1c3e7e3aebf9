import AMQP
import Contracts
import Foundation
import Storage

/// The dead letters of one service, in its own schema: taken off its `.dlq` queues, listed,
/// grouped, edited, discarded and replayed from here. Every action leaves an audit entry.
public struct DeadLetterStore: Sendable {
    public let schema: String
    public let database: PGClient

    public init(schema: String, database: PGClient) {
        self.schema = schema
        self.database = database
    }

    // MARK: Ingestion

    /// Keeps a delivery from a dead-letter queue. A redelivery of the same dead letter (the ack
    /// was lost) is recognised by its fingerprint and kept once; returns false then.
    @discardableResult
    public func ingest(_ d: Delivery) async throws -> Bool {
        let error = d.deadLetterError
        let failedAt = d.headers[DeadLetterHeaders.failedAt]?.stringValue.flatMap(ContractCoding.parseTimestamp)
            ?? Self.brokerDeathTime(d) ?? Date()
        let attempts = Int(d.headers[DeadLetterHeaders.attempts]?.intValue ?? 0)
        let identity = [d.queue, d.messageId ?? "", ContractCoding.formatTimestamp(failedAt), String(attempts)].joined(separator: "\u{1f}")
        let result = try await database.query("""
            INSERT INTO \(identifier: schema).dead_letters
                (id, queue, original_queue, message_id, type, agency, correlation_id, content_type, headers, body, attempts,
                 last_error, error_key, error_class, service, handler, failed_at, fingerprint)
            VALUES (\(UUID()), \(d.queue), \(d.deadLetterOrigin), \(d.messageId), \(d.type), \(Self.envelope(d.body)?.agency),
                    \(d.correlationId),
                    \(d.contentType), \(StoredHeaders.encode(d.headers))::jsonb, \(d.body), \(attempts), \(error),
                    \(Self.errorKey(error)), \(d.headers[DeadLetterHeaders.errorClass]?.stringValue),
                    \(d.headers[DeadLetterHeaders.service]?.stringValue), \(d.headers[DeadLetterHeaders.handler]?.stringValue),
                    \(failedAt), encode(sha256(convert_to(\(identity), 'UTF8') || \(d.body)::bytea), 'hex'))
            ON CONFLICT (fingerprint) DO NOTHING
            """)
        return result.affectedRows == 1
    }

    /// The body as an envelope, when it is one: its agency says whose dead letter it is.
    static func envelope(_ body: [UInt8]) -> Envelope? { try? Envelope.decode(from: Data(body)) }

    /// The error with what varies per message (ids, numbers) blanked, so that the same failure
    /// groups together.
    static func errorKey(_ error: String) -> String {
        let firstLine = error.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? error
        let uuids = firstLine.replacing(/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/, with: "<id>")
        return String(uuids.replacing(/[0-9]+/, with: "#").prefix(300))
    }

    static func brokerDeathTime(_ d: Delivery) -> Date? {
        guard case .array(let deaths)? = d.headers["x-death"], case .table(let first)? = deaths.first,
            case .timestamp(let seconds)? = first["time"]
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    // MARK: Reading

    /// Dead letters matching `filter`, in order of arrival, after `afterSeq` (for paging).
    public func list(
        _ filter: DeadLetterFilter, limit: Int = 100, afterSeq: Int64 = 0, scope: DeadLetterScope = .everything
    ) async throws -> [DeadLetter] {
        let rows = try await database.query("""
            SELECT \(unsafe: Self.summaryColumns) FROM \(identifier: schema).dead_letters
            WHERE seq > \(afterSeq) \(fragment: filterSQL(filter)) \(fragment: scopeSQL(scope))
            ORDER BY seq LIMIT \(min(max(limit, 1), 1000))
            """).rows
        return try rows.map { try Self.deadLetter($0, full: false) }
    }

    /// Counts of waiting dead letters (or of `filter`'s state) by queue, type and error.
    public func groups(_ filter: DeadLetterFilter, scope: DeadLetterScope = .everything) async throws -> [DeadLetterGroup] {
        var f = filter
        f.state = f.state ?? .dead
        let rows = try await database.query("""
            SELECT original_queue, type, error_class, error_key, count(*) AS n, min(failed_at) AS first, max(failed_at) AS last
            FROM \(identifier: schema).dead_letters WHERE true \(fragment: filterSQL(f)) \(fragment: scopeSQL(scope))
            GROUP BY original_queue, type, error_class, error_key ORDER BY n DESC, original_queue LIMIT 500
            """).rows
        return try rows.map { row in
            let queue = try row.decode(String.self, "original_queue"), type = try row.decode(String?.self, "type")
            let errorClass = try row.decode(String?.self, "error_class"), key = try row.decode(String.self, "error_key")
            return DeadLetterGroup(
                originalQueue: queue, type: type, errorClass: errorClass, error: key, count: try row.decode(Int.self, "n"),
                firstFailedAt: try row.decode(Date.self, "first"), lastFailedAt: try row.decode(Date.self, "last"),
                filter: DeadLetterFilter(originalQueue: queue, type: type, error: key, errorClass: errorClass, state: f.state))
        }
    }

    /// One dead letter with its headers and body; nil when there is none in `scope` (another agency's is not shown).
    public func get(_ id: UUID, scope: DeadLetterScope = .everything) async throws -> DeadLetter? {
        let rows = try await database.query("""
            SELECT \(unsafe: Self.summaryColumns), headers::text AS headers_json, body FROM \(identifier: schema).dead_letters
            WHERE id = \(id) \(fragment: scopeSQL(scope))
            """).rows
        return try rows.first.map { try Self.deadLetter($0, full: true) }
    }

    /// The audit trail of dead-letter actions, newest first.
    public func actions(limit: Int = 100, scope: DeadLetterScope = .everything) async throws -> [DeadLetterAction] {
        try await database.query("""
            SELECT at, actor, agency, action, selection::text AS selection, count, reason, replay_id
            FROM \(identifier: schema).dead_letter_actions WHERE true \(fragment: scopeSQL(scope)) ORDER BY id DESC LIMIT \(min(max(limit, 1), 1000))
            """).rows.map { row in
            DeadLetterAction(
                at: try row.decode(Date.self, "at"), actor: try row.decode(String.self, "actor"),
                agency: try row.decode(String?.self, "agency"), action: try row.decode(String.self, "action"),
                selection: try JSONDecoder().decode(DeadLetterSelection.self, from: Data(try row.decode(String.self, "selection").utf8)),
                count: try row.decode(Int.self, "count"), reason: try row.decode(String?.self, "reason"),
                replayId: try row.decode(UUID?.self, "replay_id"))
        }
    }

    // MARK: Changing

    /// Replaces the body of a waiting dead letter (to fix what made it fail) before a replay.
    /// A JSON body must stay JSON; an envelope must stay a readable envelope of the same event type and agency (an
    /// edit mends a message, it does not make another one: a `document.received` cannot become a
    /// `signing.requested`, nor one agency's message another's), and what was not an envelope cannot become one.
    public func edit(_ id: UUID, body: [UInt8], actor: String, scope: DeadLetterScope = .everything) async throws {
        guard let current = try await get(id, scope: scope) else { throw DeadLetterError(.notFound, Self.notFound(id)) }
        guard current.state == .dead else {
            throw DeadLetterError(.conflict, "Thư lỗi \(id) đang ở trạng thái \(current.state.rawValue), không sửa được / dead letter \(id) is \(current.state.rawValue), only a waiting one can be edited")
        }
        if current.payload != nil {
            guard (try? JSONSerialization.jsonObject(with: Data(body))) != nil else {
                throw DeadLetterError(.invalid, "Nội dung mới không phải JSON / the new body is not JSON")
            }
        }
        let before = try await storedBody(id).flatMap(Self.envelope)
        let after = Self.envelope(body)
        switch (before, after) {
        case (nil, nil): break
        case (nil, _?):
            throw DeadLetterError(.immutable, "Thư lỗi không phải envelope thì không sửa thành envelope được / a dead letter that is not an envelope cannot be edited into one")
        case (_?, nil):
            throw DeadLetterError(.invalid, "Nội dung mới không phải một envelope hợp lệ / the new body is not a valid envelope: \(Self.envelopeProblem(body))")
        case (let old?, let new?):
            guard old.type == new.type else {
                throw DeadLetterError(.immutable, "Không được đổi loại sự kiện (\(old.type) → \(new.type)) / an edit may not change the event type (\(old.type) → \(new.type))")
            }
            guard old.agency == new.agency else {
                throw DeadLetterError(.immutable, "Không được đổi cơ quan của thư (\(old.agency) → \(new.agency)) / an edit may not change the agency (\(old.agency) → \(new.agency))")
            }
        }
        try await database.withTransaction { tx in
            _ = try await tx.query("""
                UPDATE \(identifier: schema).dead_letters SET body = \(body), edited_by = \(actor), edited_at = now()
                WHERE id = \(id) AND state = 'dead' \(fragment: scopeSQL(scope))
                """)
            try await record(
                action: "edit", actor: actor, scope: scope, selection: DeadLetterSelection(ids: [id]), count: 1, reason: nil,
                replayId: nil, in: tx)
        }
    }

    private func storedBody(_ id: UUID) async throws -> [UInt8]? {
        try await database.query("SELECT body FROM \(identifier: schema).dead_letters WHERE id = \(id)").rows.first
            .map { try $0.decode([UInt8].self, "body") }
    }

    /// Marks the selected waiting dead letters as discarded; they stay in the store for the audit.
    public func discard(
        _ selection: DeadLetterSelection, reason: String, actor: String, scope: DeadLetterScope = .everything
    ) async throws -> Int {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw DeadLetterError(.invalid, "Cần lý do huỷ / a reason is required to discard dead letters")
        }
        let selected = try selectionSQL(selection)
        return try await database.withTransaction { tx in
            let n = try await tx.query("""
                UPDATE \(identifier: schema).dead_letters
                SET state = 'discarded', discarded_by = \(actor), discarded_at = now(), discard_reason = \(reason)
                WHERE state = 'dead' \(fragment: selected) \(fragment: scopeSQL(scope))
                """).affectedRows
            try await record(
                action: "discard", actor: actor, scope: scope, selection: selection, count: n, reason: reason, replayId: nil, in: tx)
            return n
        }
    }

    func record(
        action: String, actor: String, scope: DeadLetterScope, selection: DeadLetterSelection, count: Int, reason: String?,
        replayId: UUID?, in tx: PGTransaction
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(selection), as: UTF8.self)
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).dead_letter_actions (actor, agency, action, selection, count, reason, replay_id)
            VALUES (\(actor), \(scope.agencyCode), \(action), \(json)::jsonb, \(count), \(reason), \(replayId))
            """)
    }

    // MARK: SQL pieces

    /// `AND …` conditions for a filter, as bound parameters only.
    func filterSQL(_ f: DeadLetterFilter) -> PGQuery {
        """
         AND (\(f.originalQueue)::text IS NULL OR original_queue = \(f.originalQueue))
         AND (\(f.type)::text IS NULL OR type = \(f.type))
         AND (\(f.errorContains)::text IS NULL OR last_error ILIKE '%' || \(f.errorContains) || '%')
         AND (\(f.error)::text IS NULL OR error_key = \(f.error))
         AND (\(f.errorClass)::text IS NULL OR error_class = \(f.errorClass))
         AND (\(f.from)::timestamptz IS NULL OR failed_at >= \(f.from))
         AND (\(f.to)::timestamptz IS NULL OR failed_at < \(f.to))
         AND (\(f.state?.rawValue)::text IS NULL OR state = \(f.state?.rawValue))
        """
    }

    /// `AND agency = …` for an agency's admin; nothing for the operator. A dead letter without an agency is the operator's.
    func scopeSQL(_ scope: DeadLetterScope) -> PGQuery {
        " AND (\(scope.agencyCode)::text IS NULL OR agency = \(scope.agencyCode))"
    }

    func selectionSQL(_ s: DeadLetterSelection) throws -> PGQuery {
        switch (s.ids, s.filter) {
        case (let ids?, nil) where !ids.isEmpty:
            return " AND id = ANY(\(PGArray.literal(ids.map { $0.uuidString.lowercased() }))::uuid[])"
        case (nil, var filter?):
            filter.state = nil  // actions apply to waiting dead letters; the caller adds the state
            return filterSQL(filter)
        default:
            throw DeadLetterError(.invalid, "Chọn theo danh sách id hoặc theo bộ lọc, không cả hai / select by ids or by a filter (exactly one)")
        }
    }

    static let summaryColumns = """
        id, seq, queue, original_queue, message_id, type, agency, correlation_id, attempts, last_error, error_class, service, \
        handler, failed_at, stored_at, state, replay_id, replayed_at, replayed_to, edited_by, discarded_by, discard_reason
        """

    static func deadLetter(_ row: PGRow, full: Bool) throws -> DeadLetter {
        var payload: JSONValue?
        var base64: String?
        var headers: [String: String]?
        if full {
            let body = try row.decode([UInt8].self, "body")
            if let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) { payload = json } else {
                base64 = Data(body).base64EncodedString()
            }
            headers = StoredHeaders.decode(try row.decode(String.self, "headers_json")).mapValues(\.description)
        }
        return DeadLetter(
            id: try row.decode(UUID.self, "id"), seq: try row.decode(Int64.self, "seq"), queue: try row.decode(String.self, "queue"),
            originalQueue: try row.decode(String.self, "original_queue"), messageId: try row.decode(String?.self, "message_id"),
            type: try row.decode(String?.self, "type"), agency: try row.decode(String?.self, "agency"), correlationId: try row.decode(String?.self, "correlation_id"),
            attempts: try row.decode(Int.self, "attempts"), lastError: try row.decode(String.self, "last_error"),
            errorClass: try row.decode(String?.self, "error_class"), service: try row.decode(String?.self, "service"),
            handler: try row.decode(String?.self, "handler"), failedAt: try row.decode(Date.self, "failed_at"),
            storedAt: try row.decode(Date.self, "stored_at"),
            state: DeadLetter.State(rawValue: try row.decode(String.self, "state")) ?? .dead,
            replayId: try row.decode(UUID?.self, "replay_id"), replayedAt: try row.decode(Date?.self, "replayed_at"),
            replayedTo: try row.decode(String?.self, "replayed_to"), editedBy: try row.decode(String?.self, "edited_by"),
            discardedBy: try row.decode(String?.self, "discarded_by"), discardReason: try row.decode(String?.self, "discard_reason"),
            headers: headers, payload: payload, bodyBase64: base64)
    }

    static func notFound(_ id: UUID) -> String { "Không có thư lỗi \(id) / no dead letter \(id)" }

    static func envelopeProblem(_ body: [UInt8]) -> String {
        do { _ = try Envelope.decode(from: Data(body)); return "" } catch { return "\(error)" }
    }
}
