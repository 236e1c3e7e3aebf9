import Foundation

/// How a person takes part in handling a document.
public enum HandlingRole: String, Codable, Sendable, Hashable {
    case main        // xử lý chính
    case cooperating // phối hợp
    case reader      // nhận để biết
}

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

/// The main handler finished the task with a result.
public struct TaskCompleted: Event {
    public static let type = "task.completed"
    public static let version = 1

    public var taskId: UUID
    public var documentId: UUID
    public var completedBy: String
    public var result: String
    public var completedAt: Date

    public init(taskId: UUID, documentId: UUID, completedBy: String, result: String, completedAt: Date) {
        self.taskId = taskId
        self.documentId = documentId
        self.completedBy = completedBy
        self.result = result
        self.completedAt = completedAt
    }
}

/// A task's deadline (in working days) is near or passed; emitted once per task and threshold.
public struct TaskOverdue: Event {
    public static let type = "task.overdue"
    public static let version = 1

    public enum Threshold: String, Codable, Sendable { case dueSoon, overdue }

    public var taskId: UUID
    public var documentId: UUID
    public var assignee: String
    public var threshold: Threshold
    public var deadline: Date
    /// Leaders to escalate to when overdue.
    public var escalateTo: [String]

    public init(taskId: UUID, documentId: UUID, assignee: String, threshold: Threshold, deadline: Date, escalateTo: [String]) {
        self.taskId = taskId
        self.documentId = documentId
        self.assignee = assignee
        self.threshold = threshold
        self.deadline = deadline
        self.escalateTo = escalateTo
    }
}
