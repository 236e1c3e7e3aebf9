import Contracts
import Foundation
import Storage

/// The clerk closes the incoming register for a period (khóa sổ) once it is printed, signed and bound (Decree 30/2020
/// art. 22.3.b): every line that arrived in the period is locked — later events (receipt, completion, answer) no longer
/// change it, and a trigger refuses any other change — so the bound paper and the system say the same.
/// Only a period that is over may be closed (up to yesterday, Vietnam time). A document that arrived in the period but
/// reaches the register after it is closed goes on the open page of its registration day, its arrival in Ghi chú
/// (``IncomingRegisterStore/inOpenPeriod(_:in:)``).
struct ClosePeriod: Sendable {
    var agency: String
    var fromDay: String
    var toDay: String
    var clerk: String

    struct Result: Sendable, Codable {
        var from: String
        var to: String
        var lines: Int
        var firstNumber: String?
        var lastNumber: String?
        var closedAt: Date
    }

    func run(database: PGClient, schema: String, now: Date) async throws -> Result {
        guard VietnamTime.parseDay(fromDay) != nil, VietnamTime.parseDay(toDay) != nil, fromDay <= toDay else {
            throw Refusal.badRequest(
                "invalid_period", "Khoảng thời gian khóa sổ không hợp lệ (YYYY-MM-DD, từ ngày không sau đến ngày)",
                "the period is invalid (YYYY-MM-DD, from not after to)")
        }
        guard toDay < VietnamTime.isoDay(now) else {
            throw Refusal.conflict(
                "period_not_over", "Chỉ khóa sổ được khoảng thời gian đã qua (đến hôm qua)", "only a period that is over (up to yesterday) can be closed")
        }
        return try await database.withTransaction { tx in
            // Alone on the agency's closing lock: a registration in flight finishes first, a later one sees this closing
            // (``IncomingRegisterStore/inOpenPeriod(_:in:)``).
            _ = try await tx.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(IncomingRegisterStore.closingLock(agency: agency)), 0))")
            let rows = try await tx.query("""
                UPDATE \(identifier: schema).incoming_entries SET closed_at = \(now)
                WHERE agency = \(agency) AND register = \(IncomingRegister.code) AND closed_at IS NULL
                  AND arrival_day BETWEEN \(fromDay)::date AND \(toDay)::date
                RETURNING year, number
                """).rows.map { (try $0.decode(Int.self, "year"), try $0.decode(Int.self, "number")) }.sorted { $0 < $1 }
            let first = rows.first.map { "\($0.1)/\($0.0)" }, last = rows.last.map { "\($0.1)/\($0.0)" }
            _ = try await tx.query("""
                INSERT INTO \(identifier: schema).register_closures
                    (agency, register, from_day, to_day, first_number, last_number, line_count, closed_by, closed_at)
                VALUES (\(agency), \(IncomingRegister.code), \(fromDay)::date, \(toDay)::date, \(first), \(last), \(rows.count),
                        \(clerk), \(now))
                ON CONFLICT (agency, register, from_day) DO UPDATE SET
                    to_day = greatest(register_closures.to_day, EXCLUDED.to_day),
                    line_count = register_closures.line_count + EXCLUDED.line_count
                """)
            return Result(from: fromDay, to: toDay, lines: rows.count, firstNumber: first, lastNumber: last, closedAt: now)
        }
    }
}
