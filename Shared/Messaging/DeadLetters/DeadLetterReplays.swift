import AMQP
import Foundation
import Storage

/// Bulk replays: a selection is marked for one job in one transaction, then the
/// ``ReplayRunner`` sends it back in order of arrival.
extension DeadLetterStore {
    /// Starts a replay of the selected waiting dead letters of `scope`, to their original queues or to
    /// `targetQueue`, at most `rate` messages per second. Refused when nothing is selected.
    public func startReplay(
        _ selection: DeadLetterSelection, targetQueue: String? = nil, rate: Double? = nil, actor: String,
        scope: DeadLetterScope = .everything
    ) async throws -> ReplayJob {
        if let rate, !(rate > 0 && rate.isFinite) {
            throw DeadLetterError(.invalid, "Tốc độ phải là số dương (thư/giây) / rate must be a positive number of messages per second")
        }
        let selected = try selectionSQL(selection)
        let id = UUID()
        let json = String(decoding: try JSONEncoder().encode(selection), as: UTF8.self)
        try await database.withTransaction { tx in
            _ = try await tx.query("""
                INSERT INTO \(identifier: schema).dead_letter_replays (id, requested_by, agency, selection, target_queue, rate, state, total)
                VALUES (\(id), \(actor), \(scope.agencyCode), \(json)::jsonb, \(targetQueue), \(rate), 'running', 0)
                """)
            let n = try await tx.query("""
                UPDATE \(identifier: schema).dead_letters SET state = 'queued', replay_id = \(id)
                WHERE state = 'dead' \(fragment: selected) \(fragment: scopeSQL(scope))
                """).affectedRows
            guard n > 0 else {
                throw DeadLetterError(.invalid, "Không có thư lỗi nào đang chờ khớp với lựa chọn / no waiting dead letter matches the selection")
            }
            _ = try await tx.query("UPDATE \(identifier: schema).dead_letter_replays SET total = \(n) WHERE id = \(id)")
            try await record(
                action: "replay", actor: actor, scope: scope, selection: selection, count: n, reason: targetQueue.map { "to \($0)" },
                replayId: id, in: tx)
        }
        guard let job = try await replay(id) else { throw DeadLetterError(.notFound, "replay \(id) vanished") }
        return job
    }

    /// One replay job; nil when there is none in `scope` (another agency's admin requested it).
    public func replay(_ id: UUID, scope: DeadLetterScope = .everything) async throws -> ReplayJob? {
        try await database.query("""
            SELECT id, requested_by, agency, requested_at, selection::text AS selection, target_queue, rate, state, total, done,
                   finished_at, last_error
            FROM \(identifier: schema).dead_letter_replays WHERE id = \(id) \(fragment: scopeSQL(scope))
            """).rows.first.map(Self.replayJob)
    }

    public func replays(limit: Int = 50, scope: DeadLetterScope = .everything) async throws -> [ReplayJob] {
        try await database.query("""
            SELECT id, requested_by, agency, requested_at, selection::text AS selection, target_queue, rate, state, total, done,
                   finished_at, last_error
            FROM \(identifier: schema).dead_letter_replays WHERE true \(fragment: scopeSQL(scope)) ORDER BY requested_at DESC LIMIT \(min(max(limit, 1), 500))
            """).rows.map(Self.replayJob)
    }

    /// Stops a running replay; what it has not sent yet waits again as a dead letter.
    public func cancelReplay(_ id: UUID, actor: String, scope: DeadLetterScope = .everything) async throws -> ReplayJob {
        try await database.withTransaction { tx in
            let n = try await tx.query("""
                UPDATE \(identifier: schema).dead_letter_replays SET state = 'cancelled', finished_at = now()
                WHERE id = \(id) AND state = 'running' \(fragment: scopeSQL(scope))
                """).affectedRows
            guard n == 1 else {
                throw DeadLetterError(.conflict, "Lượt gửi lại \(id) không còn chạy / replay \(id) is not running")
            }
            let released = try await tx.query("""
                UPDATE \(identifier: schema).dead_letters SET state = 'dead', replay_id = NULL WHERE replay_id = \(id) AND state = 'queued'
                """).affectedRows
            try await record(
                action: "cancel-replay", actor: actor, scope: scope, selection: DeadLetterSelection(), count: released, reason: nil,
                replayId: id, in: tx)
        }
        guard let job = try await replay(id) else { throw DeadLetterError(.notFound, "replay \(id) vanished") }
        return job
    }

    static func replayJob(_ row: PGRow) throws -> ReplayJob {
        ReplayJob(
            id: try row.decode(UUID.self, "id"), requestedBy: try row.decode(String.self, "requested_by"),
            agency: try row.decode(String?.self, "agency"), requestedAt: try row.decode(Date.self, "requested_at"),
            selection: try JSONDecoder().decode(DeadLetterSelection.self, from: Data(try row.decode(String.self, "selection").utf8)),
            targetQueue: try row.decode(String?.self, "target_queue"), rate: try row.decode(Double?.self, "rate"),
            state: ReplayJob.State(rawValue: try row.decode(String.self, "state")) ?? .running,
            total: try row.decode(Int.self, "total"), done: try row.decode(Int.self, "done"),
            finishedAt: try row.decode(Date?.self, "finished_at"), lastError: try row.decode(String?.self, "last_error"))
    }
}
