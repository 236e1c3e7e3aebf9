import Auth
import Contracts
import Foundation

/// The clerk sends a document again to a recipient it could not reach (gửi lại): only a `failed` recipient is queued
/// again, so a document already delivered is never sent twice by hand.
enum RetryRecipient {
    /// Who may send again: the clerk (văn thư) who dispatches, and the head.
    static let roles: Set<Role> = [.clerk, .head]

    static func refusal(current: RecipientState?) -> Refusal {
        guard let current else {
            return Refusal.notFound("no_such_recipient", "Văn bản không có nơi nhận này", "the document has no such recipient")
        }
        return Refusal.conflict(
            "not_failed", "Chỉ gửi lại được nơi nhận chưa gửi được (hiện: \(current.label))",
            "only a recipient the document could not be sent to can be sent again (now: \(current.rawValue))")
    }
}
