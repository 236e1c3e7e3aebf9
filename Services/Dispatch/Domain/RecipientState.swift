import Contracts
import Foundation

/// Where one recipient of an outgoing document stands (tình trạng gửi): queued (chờ gửi), sent (đã gửi), the
/// recipient's own status packets 01–06, or failed (không gửi được: unreachable after the retries, or refused by the
/// axis). A refusal (02) and a failure are shown to the clerk, never dropped.
enum RecipientState: String, Codable, Sendable, CaseIterable {
    case queued
    case sent
    case arrived = "01"
    case rejected = "02"
    case accepted = "03"
    case assigned = "04"
    case processing = "05"
    case finished = "06"
    case failed

    init?(status: StatusCode) {
        self.init(rawValue: status.rawValue)
    }

    /// How far the document got: a status that arrives late (01 after 03) does not move the state back.
    var progress: Int {
        switch self {
        case .queued, .failed: 0
        case .sent: 1
        case .arrived: 2
        case .rejected: 3
        case .accepted: 4
        case .assigned: 5
        case .processing: 6
        case .finished: 7
        }
    }

    /// Whether a status packet from the recipient replaces `self`: only a step forward. A refusal (02) ends the way
    /// unless the recipient registers it after all (03 and later).
    func takes(_ next: RecipientState) -> Bool {
        next.progress > progress
    }

    /// Vietnamese label for the clerk's page.
    var label: String {
        switch self {
        case .queued: "Chờ gửi"
        case .sent: "Đã gửi"
        case .arrived: "Đã đến"
        case .rejected: "Từ chối tiếp nhận"
        case .accepted: "Đã tiếp nhận (vào sổ)"
        case .assigned: "Đã phân công"
        case .processing: "Đang xử lý"
        case .finished: "Hoàn thành"
        case .failed: "Không gửi được"
        }
    }
}

/// When a failed axis send is tried again: the configured back-off, one delay per attempt; nil once they are spent.
enum RetrySchedule {
    static func delay(afterAttempt attempt: Int, schedule: [Duration]) -> Duration? {
        guard attempt >= 1, attempt <= schedule.count else { return nil }
        return schedule[attempt - 1]
    }
}
