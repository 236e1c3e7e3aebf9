import Contracts
import Foundation

/// A handler's side of a task (nhiệm vụ xử lý): only the assignee (or their delegate) acts on it; they accept it
/// (tiếp nhận), a co-handler gives opinions (ý kiến phối hợp), the main handler completes the document.
enum TaskPolicy {
    /// The task is the caller's: assigned to them or to the leader they act for.
    static func requireAssignee(_ task: HandlingTask, _ acting: Acting) throws {
        guard task.assignee == acting.principal else {
            throw Refusal.forbidden("not_assignee", "Nhiệm vụ này không giao cho bạn", "this task is not assigned to you")
        }
    }

    /// Only a newly assigned task is accepted.
    static func canAccept(_ task: HandlingTask) throws {
        guard task.state == .assigned else {
            throw Refusal.illegal(
                "accept", state: task.state.rawValue, vietnamese: "Chỉ tiếp nhận được nhiệm vụ vừa được giao",
                english: "only a newly assigned task can be accepted")
        }
    }

    /// Accepting the main task of an assigned document puts the document in processing.
    static func startsProcessing(_ task: HandlingTask, _ document: IncomingDocument) -> Bool {
        task.role == .main && document.state == .assigned
    }

    /// Co-handlers send opinions, while their task is open and the document is being handled.
    static func canGiveOpinion(_ task: HandlingTask, _ document: IncomingDocument) throws {
        guard task.role == .cooperating else {
            throw Refusal.forbidden(
                "cooperating_only", "Chỉ người phối hợp gửi ý kiến cho người xử lý chính", "only co-handlers send opinions to the main handler")
        }
        guard task.state.isOpen, document.state == .assigned || document.state == .processing else {
            throw Refusal.illegal(
                "opinion", state: task.state.rawValue, vietnamese: "Nhiệm vụ phối hợp đã đóng", english: "the co-handling task is closed")
        }
    }

    /// The main handler completes the document, once they have accepted the task.
    static func canComplete(_ task: HandlingTask) throws {
        guard task.role == .main else {
            throw Refusal.forbidden(
                "main_handler_only", "Chỉ người xử lý chính được hoàn thành văn bản", "only the main handler completes the document")
        }
        guard task.state == .accepted else {
            let early = task.state == .assigned
            throw Refusal.illegal(
                "complete", state: task.state.rawValue,
                vietnamese: early ? "Phải tiếp nhận nhiệm vụ trước khi hoàn thành" : "Nhiệm vụ đã đóng",
                english: early ? "accept the task before completing it" : "the task is closed")
        }
    }
}
