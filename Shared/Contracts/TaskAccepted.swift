import Foundation

/// A handler took their task in the system (tiếp nhận): the receipt that stands for the signature in the incoming
/// register's "ký nhận" column (Decree 30, Phụ lục IV).
public struct TaskAccepted: Event {
    public static let type = "task.accepted"
    public static let version = 1

    public var taskId: UUID
    public var documentId: UUID
    public var assignee: String
    public var role: HandlingRole
    public var acceptedAt: Date
    /// Set when a delegate acted for the assignee (ủy quyền).
    public var onBehalfOf: String?

    public init(taskId: UUID, documentId: UUID, assignee: String, role: HandlingRole, acceptedAt: Date, onBehalfOf: String?) {
        self.taskId = taskId
        self.documentId = documentId
        self.assignee = assignee
        self.role = role
        self.acceptedAt = acceptedAt
        self.onBehalfOf = onBehalfOf
    }
}
