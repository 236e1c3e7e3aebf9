/// Headers a dead letter carries so an admin can tell where it came from and why it failed.
public enum DeadLetterHeaders {
    public static let originalQueue = "x-qlvb-original-queue"
    public static let attempts = "x-qlvb-attempts"
    public static let lastError = "x-qlvb-last-error"
    public static let errorClass = "x-qlvb-error-class"
    public static let service = "x-qlvb-service"
    public static let handler = "x-qlvb-handler"
    public static let failedAt = "x-qlvb-failed-at"
}
