import AMQP
import Foundation
import Logging

/// Endpoints of the real broker and database started by scripts/dev-up, for integration tests.
public enum TestEnv {
    /// The environment, read after ``ProcessEnvironment/prepare()`` has set the tests' own variables: every URL below
    /// comes from here, so no test connects before they are set.
    public static let env: [String: String] = {
        ProcessEnvironment.prepare()
        return ProcessInfo.processInfo.environment
    }()
    public static let amqpURL = env["QLVB_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:55672/qlvb_test"
    public static let pgURL = env["QLVB_TEST_PG_URL"] ?? "postgresql://qlvb:qlvb@127.0.0.1:55432/qlvb_test"
    public static var endpoint: AMQPEndpoint { try! AMQPEndpoint(url: amqpURL, heartbeat: 5) }
    /// Tests that restart the broker run only in their own pass of scripts/test.
    public static let disruptive = env["QLVB_DISRUPTIVE_TESTS"] == "1"
    /// The repository root (this file is Tests/Support/TestSupport/TestEnv.swift).
    public static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared` beside the repository, as CI lays it out.
    public static let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    public static var logger: Logger {
        var l = Logger(label: "test")
        l.logLevel = .warning
        return l
    }
    /// Where the built executables are (`QLVB_BIN_DIR`, else beside the test runner: `.build/<config>/`).
    public static var binDirectory: URL {
        if let dir = env["QLVB_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        var dir = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent()
        while dir.pathExtension == "xctest" || dir.lastPathComponent == "MacOS" || dir.lastPathComponent == "Contents" {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }
    /// A fresh name for a schema, queue or service, so tests never see each other's data.
    public static func uniqueName(_ prefix: String = "t") -> String { prefix + UUID().uuidString.prefix(8).lowercased() }
}

public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Polls until `condition` holds or the time is up.
public func eventually(_ timeout: Duration = .seconds(15), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}

/// Runs a program to its end and returns its exit status. Spawned and reaped by hand on a thread
/// of its own: Foundation's Process did not report a script's exit to an async caller.
public func runScript(_ path: String, _ arguments: [String] = []) async throws -> Int32 {
    try await withCheckedThrowingContinuation { c in
        Thread {
            var pid: pid_t = 0
            let rc = spawn(&pid, path, arguments, nil)
            guard rc == 0 else { return c.resume(throwing: TestFailure("cannot run \(path): \(rc)")) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            c.resume(returning: (status >> 8) & 0xff)
        }.start()
    }
}
