import Logging
import ServiceLifecycle

/// A background pass run every `interval` until the service shuts down (shutdown does not wait out the interval). A
/// pass that fails is logged and tried again at the next turn: the watches' work is idempotent (each marks what it
/// did in the same transaction), so a missed turn only delays it.
public enum Periodic {
    public static func run(
        every interval: Duration, logger: Logger, failure: @autoclosure () -> Logger.Message,
        _ pass: () async throws -> Void
    ) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await pass()
            } catch {
                logger.warning(failure(), metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
