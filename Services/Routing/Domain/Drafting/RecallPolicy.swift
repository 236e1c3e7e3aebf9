import Auth
import Contracts
import Foundation

/// Taking back an issued document (thu hồi văn bản đi, Decree 30 art. 18.4) and drafting its update or replacement:
/// the clerk, who dispatches, or a leader takes it back, with the reason the recipients are told; a draft may update
/// or replace only a document the agency issued.
enum RecallPolicy {
    static func mayRecall(_ acting: Acting) throws {
        guard acting.isLeader || acting.roles.contains(.clerk) else {
            throw Refusal.forbidden(
                "clerk_or_leader_only", "Chỉ văn thư hoặc lãnh đạo được thu hồi văn bản đã ban hành",
                "only the clerk or a leader takes back an issued document")
        }
    }

    static func canRecall(_ draft: Draft) throws -> String {
        guard draft.state == .issued, let number = draft.issuedNumber else {
            throw Refusal.illegal(
                "recall", state: draft.state.rawValue, vietnamese: "Chỉ thu hồi được văn bản đã ban hành",
                english: "only an issued document can be taken back")
        }
        guard draft.recall == nil else {
            throw Refusal(
                .conflict, code: "already_recalled", vietnamese: "Văn bản đã được thu hồi", english: "the document was already taken back")
        }
        return number
    }

    /// The recipients are told why (BussinessDocReason / Description).
    static func reason(_ text: String?) throws -> String {
        let reason = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw Refusal.unprocessable("reason_required", "Thu hồi văn bản phải nêu lý do", "taking a document back needs a reason")
        }
        guard reason.count <= 500 else {
            throw Refusal.unprocessable("reason_too_long", "Lý do thu hồi tối đa 500 ký tự", "the reason is at most 500 characters")
        }
        return reason
    }

    /// The document a draft updates or replaces: issued by the same agency and not taken back.
    static func changeable(_ draft: Draft?) throws -> Draft {
        guard let draft, draft.state == .issued, draft.recall == nil else {
            throw Refusal.unprocessable(
                "not_issued", "Chỉ cập nhật hoặc thay thế được văn bản đã ban hành của cơ quan",
                "only an issued document of the agency can be updated or replaced")
        }
        return draft
    }
}
