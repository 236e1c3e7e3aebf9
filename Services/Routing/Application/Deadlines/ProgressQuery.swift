import Foundation

/// One department's line in the progress view (theo dõi tiến độ xử lý): every main task falls in exactly one
/// column — `onTime` completed by its deadline (or without one), `late` completed after it, `overdue` still open
/// past it, `open` still open and within it.
struct ProgressRow: Codable, Sendable, Equatable {
    /// Nil for handlers outside any department (e.g. the deputy head).
    var departmentId: UUID?
    var department: String?
    var onTime: Int
    var late: Int
    var overdue: Int
    var open: Int
}

/// Counting the agency's main tasks by department, as of `now`, for those assigned in [from, to).
protocol ProgressReading: Sendable {
    func rows(agency: String, now: Date, from: Date?, to: Date?) async throws -> [ProgressRow]
}

/// The leaders' view of how incoming documents are being handled.
enum ProgressQuery {
    static func report(_ acting: Acting, now: Date, from: Date?, to: Date?, reading: some ProgressReading) async throws -> [ProgressRow] {
        try acting.requireLeader("xem tiến độ xử lý", "see the handling progress")
        return try await reading.rows(agency: acting.agency, now: now, from: from, to: to)
    }
}
