import Auth
import Contracts
import Foundation

/// Who may do what with an incoming document (văn bản đến), and in which state: the clerk submits it to a
/// leader (trình), a leader — or a delegate on their behalf — assigns, reassigns and recalls (phân công, giao lại,
/// thu hồi). Each rule throws the refusal the API answers with.
enum IncomingPolicy {
    /// The clerk and the leaders see the agency's registered documents.
    static func mayList(_ acting: Acting) throws {
        guard acting.isLeader || acting.roles.contains(.clerk) else {
            throw Refusal.forbidden(
                "clerk_or_leader_only", "Chỉ văn thư và lãnh đạo xem được danh sách văn bản đến",
                "only the clerk and the leaders list incoming documents")
        }
    }

    /// A document shows to the clerk, the leaders and whoever holds a task on it (withdrawn tasks too).
    static func mayRead(_ acting: Acting, tasks: [HandlingTask]) throws {
        guard acting.isLeader || acting.roles.contains(.clerk) || tasks.contains(where: { $0.assignee == acting.principal }) else {
            throw Refusal.forbidden("not_involved", "Văn bản không được giao cho bạn", "this document is not assigned to you")
        }
    }

    /// A document intake knows of but numbering has not registered yet is nobody's business.
    static func visible(_ document: IncomingDocument?) throws -> IncomingDocument {
        guard let document, document.state != .received else {
            throw Refusal.notFound("not_found", "Không có văn bản đến này trong cơ quan", "no such incoming document in this agency")
        }
        return document
    }

    /// Only the clerk submits (trình lãnh đạo).
    static func maySubmit(_ acting: Acting) throws {
        guard acting.roles.contains(.clerk) else {
            throw Refusal.forbidden("clerk_only", "Chỉ văn thư được trình văn bản đến", "only the clerk submits incoming documents")
        }
    }

    /// Only a document just registered is submitted.
    static func canSubmit(_ document: IncomingDocument) throws {
        guard document.state == .registered else {
            throw Refusal.illegal(
                "submit", state: document.state.rawValue, vietnamese: "Chỉ trình được văn bản vừa vào sổ",
                english: "only a registered document can be submitted")
        }
    }

    /// The leader a document or a draft is submitted to: an active head or deputy of the same agency.
    static func submissionTarget(_ colleague: Colleague?, account: String, agency: String) throws -> Colleague {
        guard let colleague, colleague.isActiveMember(of: agency), colleague.isLeader else {
            throw Refusal.unprocessable(
                "leader_unknown", "\(account) không phải lãnh đạo đang làm việc của cơ quan", "\(account) is not an active leader of this agency")
        }
        return colleague
    }

    /// Leaders assign a submitted document; before the clerk submits it, not even the head can.
    static func canAssign(_ document: IncomingDocument) throws {
        guard document.state == .submitted else {
            let early = document.state == .registered
            throw Refusal.illegal(
                "assign", state: document.state.rawValue,
                vietnamese: early ? "Văn bản chưa được văn thư trình nên chưa phân công được" : "Văn bản đã được phân công",
                english: early ? "the clerk has not submitted the document yet" : "the document is already assigned")
        }
    }

    /// A new main handler only for a document being handled.
    static func canReassign(_ document: IncomingDocument) throws {
        guard document.state == .assigned || document.state == .processing else {
            throw Refusal.illegal(
                "reassign", state: document.state.rawValue, vietnamese: "Chỉ giao lại được văn bản đang được xử lý",
                english: "only a document being handled can be reassigned")
        }
    }

    /// The assignment is recalled only while it is assigned and not completed.
    static func canRecall(_ document: IncomingDocument) throws {
        guard document.state == .assigned || document.state == .processing else {
            throw Refusal.illegal(
                "recall", state: document.state.rawValue, vietnamese: "Chỉ thu hồi được văn bản đã phân công và chưa hoàn thành",
                english: "only an assigned document that is not completed can be recalled")
        }
    }
}
