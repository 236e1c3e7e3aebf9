import Foundation

/// Nộp lưu (Decree 30 art. 31; Sơn La regulation art. 14): a closed dossier kept 5 years or more goes to the agency
/// archive within one year of the end of its work; the system warns 30 days before (Phụ lục VI IV.1.g).
enum TransferRules {
    /// One year after closing; nil when the dossier need not be transferred (retention under 5 years).
    static func due(closedAt: Date, retention: Retention) -> Date? {
        guard retention.mustBeTransferred else { return nil }
        return VietnamTime.calendar.date(byAdding: .year, value: 1, to: closedAt)
    }

    enum Urgency: String, Codable, Sendable {
        /// More than the reminder window left.
        case onTime
        /// Within the reminder window (30 days by default).
        case dueSoon
        /// Past the legal limit.
        case overdue
    }

    static func urgency(due: Date, now: Date, reminderDays: Int) -> Urgency {
        if now >= due { return .overdue }
        return due.timeIntervalSince(now) <= Double(reminderDays) * 86_400 ? .dueSoon : .onTime
    }
}
