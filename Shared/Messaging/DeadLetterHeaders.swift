/// Headers a dead letter carries so an admin can tell where it came from and why it failed.
public enum DeadLetterHeaders {
    public static let originalQueue = "x-qlvb-original-queue"
    public static let attempts = "x-qlvb-attempts"
    public static let lastError = "x-qlvb-last-error"
    public static let errorClass = "x-qlvb-error-class"
    public static let service = "x-qlvb-service"
    public static let handler = "x-qlvb-handler"
    public static let failedAt = "x-qlvb-failed-at"
    /// On a replayed message: the dead letter it came from and the replay that sent it.
    public static let replayedFrom = "x-qlvb-replayed-from"
    public static let replay = "x-qlvb-replay"

    /// What a failure added; a replay removes them so the message starts with fresh attempts.
    static let failureHeaders = [originalQueue, attempts, lastError, errorClass, service, handler, failedAt]
}
