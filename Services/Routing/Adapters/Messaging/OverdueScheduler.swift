import Contracts
import Foundation
import Logging
import Messaging
import ServiceKit
import ServiceLifecycle
import Storage

/// Watches open tasks' deadlines and emits `task.overdue` once per task and threshold: `dueSoon` from the start
/// of the last `dueSoonWorkingDays` working days before the deadline, `overdue` once it has passed (escalated to
/// the agency's leaders).
///
/// "Once" holds across copies of routing: the event is written to the outbox in the transaction that inserts the
/// row (task, threshold) into `task_alerts`; a copy racing on the same row waits for the first to commit and then
/// inserts nothing, so it emits nothing.
struct OverdueScheduler: Service {
    struct Settings: Sendable, Equatable {
        /// `QLVB_ROUTING_DEADLINE_POLL` (default 1m).
        var interval: Duration = .seconds(60)
        /// `QLVB_ROUTING_DUE_SOON_WORKING_DAYS` (default 1: the deadline's own day).
        var dueSoonWorkingDays = 1

        /// Read with the other routing settings (`RoutingSettings`).
        static func read(_ reader: inout EnvironmentReader) -> Settings {
            Settings(
                interval: reader.duration("QLVB_ROUTING_DEADLINE_POLL", default: .seconds(60), range: .milliseconds(100)...(.seconds(86_400))),
                dueSoonWorkingDays: reader.int("QLVB_ROUTING_DUE_SOON_WORKING_DAYS", default: 1, range: 1...10))
        }
    }

    let database: PGClient
    let outbox: Outbox
    let schema: String
    let settings: Settings
    let logger: Logger
    var now: @Sendable () -> Date = { Date() }

    func run() async throws {
        await Periodic.run(every: settings.interval, logger: logger, failure: "deadline check failed; trying again next time") {
            let emitted = try await tick()
            if emitted > 0 { logger.info("deadline alerts emitted", metadata: ["count": "\(emitted)"]) }
        }
    }

    struct Candidate: Sendable {
        var taskId: UUID
        var documentId: UUID
        var agency: String
        var assignee: String
        var deadline: Date
        var correlationId: UUID
        var hasDueSoon: Bool
    }

    /// One pass over the open tasks; returns how many events it emitted.
    @discardableResult
    func tick() async throws -> Int {
        let now = self.now()
        // A due-soon alert can start at most ~ (N working days + a Tết holiday) before the deadline.
        let horizon = now.addingTimeInterval(Double(settings.dueSoonWorkingDays + 16) * 86_400)
        let candidates = try await database.query("""
            SELECT t.id, t.document_id, t.agency, t.assignee, t.deadline, d.correlation_id,
                   EXISTS (SELECT 1 FROM \(identifier: schema).task_alerts a WHERE a.task_id = t.id AND a.threshold = 'dueSoon') AS has_due_soon
            FROM \(identifier: schema).tasks t JOIN \(identifier: schema).incoming_documents d ON d.document_id = t.document_id
            WHERE t.state IN ('assigned', 'accepted') AND t.deadline IS NOT NULL AND t.deadline < \(horizon)
              AND NOT EXISTS (SELECT 1 FROM \(identifier: schema).task_alerts a WHERE a.task_id = t.id AND a.threshold = 'overdue')
            ORDER BY t.deadline LIMIT 1000
            """).rows.map { r in
            Candidate(
                taskId: try r.decode(UUID.self, "id"), documentId: try r.decode(UUID.self, "document_id"),
                agency: try r.decode(String.self, "agency"), assignee: try r.decode(String.self, "assignee"),
                deadline: try r.decode(Date.self, "deadline"), correlationId: try r.decode(UUID.self, "correlation_id"),
                hasDueSoon: try r.decode(Bool.self, "has_due_soon"))
        }
        var due: [(Candidate, TaskOverdue.Threshold)] = []
        for c in candidates {
            if c.deadline <= now {
                due.append((c, .overdue))  // a due-soon alert that never went out is pointless now
            } else if !c.hasDueSoon, now >= DeadlineRules.dueSoonAt(deadline: c.deadline, workingDaysBefore: settings.dueSoonWorkingDays) {
                due.append((c, .dueSoon))
            }
        }
        guard !due.isEmpty else { return 0 }
        let schema = self.schema
        return try await UnitOfWork(database: database, outbox: outbox).run { tx, events -> Int in
            var leaders: [String: [String]] = [:]
            var emitted = 0
            for (c, threshold) in due {
                let inserted = try await tx.query("""
                    INSERT INTO \(identifier: schema).task_alerts (task_id, threshold, emitted_at)
                    SELECT id, \(threshold.rawValue), \(now) FROM \(identifier: schema).tasks
                    WHERE id = \(c.taskId) AND state IN ('assigned', 'accepted')  -- not completed since the scan
                    ON CONFLICT DO NOTHING RETURNING task_id
                    """).rows
                guard !inserted.isEmpty else { continue }  // another copy emitted it
                var escalateTo: [String] = []
                if threshold == .overdue {
                    if leaders[c.agency] == nil {
                        leaders[c.agency] = try await Directory.leaders(ofAgency: c.agency, schema: schema, on: tx).map(\.account)
                    }
                    escalateTo = leaders[c.agency] ?? []
                }
                let event = TaskOverdue(
                    taskId: c.taskId, documentId: c.documentId, assignee: c.assignee, threshold: threshold, deadline: c.deadline,
                    escalateTo: escalateTo)
                events.emit(try Envelope(event, occurredAt: now, correlationId: c.correlationId, agency: c.agency))
                emitted += 1
            }
            return emitted
        }
    }
}
