import Foundation

/// Runs an external program (openssl, qpdf, pdfsig, pyHanko …) to its end and returns what it
/// printed. Spawned and reaped by hand, with output in files: Foundation's Process missed exits
/// when many tests spawn programs at once, and two pipes read one after the other can deadlock.
public struct ToolOutput: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public var all: String { stdout + stderr }
}

public func runTool(_ exe: String, _ args: [String], cwd: String? = nil, stdin: Data? = nil) throws -> ToolOutput {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString)")
    let (inURL, outURL, errURL) = (tmp.appendingPathExtension("in"), tmp.appendingPathExtension("out"), tmp.appendingPathExtension("err"))
    try (stdin ?? Data()).write(to: inURL)
    defer { [inURL, outURL, errURL].forEach { try? FileManager.default.removeItem(at: $0) } }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inURL.path, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // A working directory goes through the shell (glibc's addchdir is not visible to Swift here).
    let (exe, args) = cwd.map { ("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", $0, exe] + args) } ?? (exe, args)
    var pid: pid_t = 0
    let rc = spawn(&pid, exe, args, &actions)
    guard rc == 0 else { throw TestFailure("cannot run \(exe): error \(rc)") }
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
    let signal = raw & 0x7f
    let read = { (u: URL) in (try? String(contentsOf: u, encoding: .utf8)) ?? "" }
    return ToolOutput(status: signal == 0 ? (raw >> 8) & 0xff : 128 + signal, stdout: read(outURL), stderr: read(errURL))
}
