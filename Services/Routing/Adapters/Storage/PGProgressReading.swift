import Foundation
import Storage

/// The progress counts in one query over the agency's main tasks.
struct PGProgressReading<Executor: PGExecutor>: ProgressReading {
    let schema: String
    let db: Executor

    func rows(agency: String, now: Date, from fromDate: Date?, to toDate: Date?) async throws -> [ProgressRow] {
        let rows = try await db.query("""
            SELECT t.department_id, d.name,
                count(*) FILTER (WHERE t.state = 'completed' AND (t.deadline IS NULL OR t.completed_at <= t.deadline)) AS on_time,
                count(*) FILTER (WHERE t.state = 'completed' AND t.completed_at > t.deadline) AS late,
                count(*) FILTER (WHERE t.state IN ('assigned', 'accepted') AND t.deadline < \(now)) AS overdue,
                count(*) FILTER (WHERE t.state IN ('assigned', 'accepted') AND (t.deadline IS NULL OR t.deadline >= \(now))) AS open
            FROM \(identifier: schema).tasks t
            LEFT JOIN \(identifier: schema).departments d ON d.id = t.department_id
            WHERE t.agency = \(agency) AND t.role = 'main' AND t.state NOT IN ('withdrawn', 'passed_on')  -- a passed-on task counts through the carrier's
              AND (\(fromDate)::timestamptz IS NULL OR t.assigned_at >= \(fromDate))
              AND (\(toDate)::timestamptz IS NULL OR t.assigned_at < \(toDate))
            GROUP BY t.department_id, d.name ORDER BY d.name NULLS LAST
            """).rows
        let departments = try rows.map { r in
            ProgressRow(
                departmentId: try r.decode(UUID?.self, "department_id"), department: try r.decode(String?.self, "name"),
                onTime: try r.decode(Int.self, "on_time"), late: try r.decode(Int.self, "late"),
                overdue: try r.decode(Int.self, "overdue"), open: try r.decode(Int.self, "open"))
        }
        return departments
    }
}
