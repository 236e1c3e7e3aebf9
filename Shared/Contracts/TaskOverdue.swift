import Foundation

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
