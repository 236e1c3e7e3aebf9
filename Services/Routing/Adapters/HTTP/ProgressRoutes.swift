import Contracts
import Auth
import Foundation
import Hummingbird
import ServiceKit
import Storage
import WorkingDays

/// The leaders' view of how incoming documents are being handled, by department (theo dõi tiến độ xử lý).
///
/// Only main handlers' tasks count (co-handlers and readers answer to the main handler), and withdrawn ones do
/// not. Every task falls in exactly one column: `onTime` completed by its deadline (or without one), `late`
/// completed after it, `overdue` still open past it, `open` still open and within it.
struct ProgressRoutes: Sendable {
    let env: WorkflowEnvironment

    func add(to router: Router<QLVBRequestContext>) {
        router.group("agencies/:agency").add(middleware: RequireRoles(Set(Role.allCases), agencyParameter: "agency"))
            .get("progress", use: progress)
    }

    struct Row: Codable, Sendable, Equatable {
        /// Nil for handlers outside any department (e.g. the deputy head).
        var departmentId: UUID?
        var department: String?
        var onTime: Int
        var late: Int
        var overdue: Int
        var open: Int
    }

    struct Report: ResponseEncodable, Decodable {
        var at: Date
        var from: String?
        var to: String?
        var departments: [Row]
    }

    /// `from` / `to` (YYYY-MM-DD, Vietnam days, inclusive) limit the tasks by the day they were assigned.
    @Sendable func progress(_ request: Request, context: QLVBRequestContext) async throws -> Report {
        let identity = try context.requireIdentity()
        let from = request.uri.queryParameters.get("from")
        let to = request.uri.queryParameters.get("to")
        let fromDate = try from.map { try day($0).startInVietnam }
        let toDate = try to.map { DeadlineRules.endOfDay(try day($0)) }
        return try await env.read(identity) { acting in
            try acting.requireLeader("xem tiến độ xử lý", "see the handling progress")
            let now = env.now()
            let rows = try await env.database.query("""
                SELECT t.department_id, d.name,
                    count(*) FILTER (WHERE t.state = 'completed' AND (t.deadline IS NULL OR t.completed_at <= t.deadline)) AS on_time,
                    count(*) FILTER (WHERE t.state = 'completed' AND t.completed_at > t.deadline) AS late,
                    count(*) FILTER (WHERE t.state IN ('assigned', 'accepted') AND t.deadline < \(now)) AS overdue,
                    count(*) FILTER (WHERE t.state IN ('assigned', 'accepted') AND (t.deadline IS NULL OR t.deadline >= \(now))) AS open
                FROM \(identifier: env.schema).tasks t
                LEFT JOIN \(identifier: env.schema).departments d ON d.id = t.department_id
                WHERE t.agency = \(acting.agency) AND t.role = 'main' AND t.state <> 'withdrawn'
                  AND (\(fromDate)::timestamptz IS NULL OR t.assigned_at >= \(fromDate))
                  AND (\(toDate)::timestamptz IS NULL OR t.assigned_at < \(toDate))
                GROUP BY t.department_id, d.name ORDER BY d.name NULLS LAST
                """).rows
            let departments = try rows.map { r in
                Row(
                    departmentId: try r.decode(UUID?.self, "department_id"), department: try r.decode(String?.self, "name"),
                    onTime: try r.decode(Int.self, "on_time"), late: try r.decode(Int.self, "late"),
                    overdue: try r.decode(Int.self, "overdue"), open: try r.decode(Int.self, "open"))
            }
            return Report(at: now, from: from, to: to, departments: departments)
        }
    }

    private func day(_ text: String) throws -> CivilDate {
        guard let d = DeadlineRules.civilDate(text) else {
            throw Refusal.badRequest("date_invalid", "Ngày \"\(text)\" không đúng dạng YYYY-MM-DD", "\"\(text)\" is not a date YYYY-MM-DD")
        }
        return d
    }
}
