import Foundation

/// A child process the test starts, signals and reaps itself (posix_spawn + waitpid), with its
/// standard output captured in a file. Foundation's Process missed exits when many tests spawn
/// programs at once; this does not depend on any shared SIGCHLD handling.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let outputURL: URL
    private let lock = NSLock()
    private var status: Int32?

    public init(_ path: String, _ arguments: [String]) throws {
        outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).out")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var pid: pid_t = 0
        let rc = spawn(&pid, path, arguments, &actions)
        guard rc == 0 else { throw TestFailure("cannot start \(path): error \(rc)") }
        self.pid = pid
    }

    /// Reaps the child if it has ended.
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        if status != nil { return false }
        var raw: Int32 = 0
        let r = waitpid(pid, &raw, WNOHANG)
        guard r == pid else { return r == 0 }
        status = raw
        return false
    }

    /// The exit code, or 128 + the signal that ended it; nil while running.
    public var exitCode: Int32? {
        guard !isRunning, let raw = lock.withLock({ status }) else { return nil }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    public var output: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }

    public func terminate() { kill(pid, SIGTERM) }

    /// Waits for the end; kills it if it outlives the timeout.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(90)) async throws -> Int32? {
        if try await !eventually(timeout, { !isRunning }) {
            kill(pid, SIGKILL)
            _ = try await eventually(.seconds(5)) { !isRunning }
            return nil
        }
        return exitCode
    }

    deinit {
        if isRunning { kill(pid, SIGKILL); var raw: Int32 = 0; waitpid(pid, &raw, 0) }
        try? FileManager.default.removeItem(at: outputURL)
    }
}
