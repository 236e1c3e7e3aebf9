import Foundation

/// The process environment as tests change and pass it on. glibc's setenv may move `environ`
/// while posix_spawn copies it for a child on another thread, and the child then fails to start
/// with EFAULT (seen in CI: "cannot start …/signing: error 14"). Every change and every spawn
/// holds this one lock.
public enum ProcessEnvironment {
    static let lock = NSLock()

    /// setenv, while no test is starting a program.
    public static func set(_ name: String, _ value: String) {
        lock.withLock { _ = setenv(name, value, 1) }
    }
}

/// posix_spawn (or posix_spawnp for a bare name, looked up on PATH) with the current environment.
/// Returns posix_spawn's error code, 0 on success.
func spawn(_ pid: inout pid_t, _ path: String, _ arguments: [String], _ actions: UnsafePointer<posix_spawn_file_actions_t>?) -> Int32 {
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    return ProcessEnvironment.lock.withLock {
        path.hasPrefix("/")
            ? posix_spawn(&pid, path, actions, nil, argv, environ) : posix_spawnp(&pid, path, actions, nil, argv, environ)
    }
}
