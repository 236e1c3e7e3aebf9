import Foundation

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
