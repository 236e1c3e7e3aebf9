import Auth
import Contracts
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

    typealias Row = ProgressRow

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
            let now = env.now()
            let reading = PGProgressReading(schema: env.schema, db: env.database)
            let departments = try await ProgressQuery.report(acting, now: now, from: fromDate, to: toDate, reading: reading)
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
