import Foundation

/// Runs PostgreSQL's client programs (pg_dump, pg_restore); their standard error is kept for the message.
enum Subprocess {
    /// Runs `program` (looked up in PATH) with `arguments`; returns its standard output, throws with its standard
    /// error if it fails. Both go to temporary files, so a chatty program cannot fill a pipe and stall.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Data {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qlvbctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: CLIError("cannot run \(program): \(error)"))
            }
        }
        try? out.close()
        try? err.close()
        guard status == 0 else {
            let errors = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw CLIError("\(program) failed (exit \(status)): \(errors.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return try Data(contentsOf: outURL)
    }
}
