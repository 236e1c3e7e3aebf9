import Foundation

/// A leader assigned a document to a handler (phân công xử lý).
public struct TaskAssigned: Event {
    public static let type = "task.assigned"
    public static let version = 1

    public var taskId: UUID
    public var documentId: UUID
    public var assignee: String
    public var role: HandlingRole
    public var deadline: Date?
    public var assignedBy: String
    /// Set when a delegate acted for the leader (ủy quyền).
    public var onBehalfOf: String?

    public init(
        taskId: UUID, documentId: UUID, assignee: String, role: HandlingRole, deadline: Date?, assignedBy: String,
        onBehalfOf: String?
    ) {
        self.taskId = taskId
        self.documentId = documentId
        self.assignee = assignee
        self.role = role
        self.deadline = deadline
        self.assignedBy = assignedBy
        self.onBehalfOf = onBehalfOf
    }
}
