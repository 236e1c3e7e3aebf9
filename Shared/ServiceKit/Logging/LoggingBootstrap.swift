import Logging
import Synchronization

/// Installs the process-wide log handler once; swift-log traps on a second bootstrap, and tests
/// or a service's `main` may reach this more than once.
public enum LoggingBootstrap {
    private static let done = Mutex(false)

    /// - Returns: false when logging had already been bootstrapped (the call then changes nothing).
    @discardableResult
    public static func bootstrap(service: String, level: Logger.Level, format: LogFormat) -> Bool {
        done.withLock { done in
            guard !done else { return false }
            done = true
            LoggingSystem.bootstrap { label in
                switch format {
                case .json:
                    return JSONLogHandler(label: label, service: service, logLevel: level)
                case .text:
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    handler[metadataKey: "service"] = "\(service)"
                    return handler
                }
            }
            return true
        }
    }

    /// Bootstraps with the service's configured level and format.
    @discardableResult
    public static func bootstrap(_ config: ServiceConfig) -> Bool {
        bootstrap(service: config.service, level: config.logLevel, format: config.logFormat)
    }
}
