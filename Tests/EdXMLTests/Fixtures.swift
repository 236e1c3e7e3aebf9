import Foundation
import TestSupport

/// Test files that live outside the package: the shared edXML samples beside the repository.
enum Fixtures {
    /// `<repo>/../shared/edxml-samples`, found from this file's path (CI clones shared/ beside the repo).
    static let samples: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { break }
        }
        return url.deletingLastPathComponent().appendingPathComponent("shared/edxml-samples")
    }()

    static func sample(_ name: String) throws -> Data {
        try Data(contentsOf: samples.appendingPathComponent(name))
    }
}

/// A fresh directory per test, removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("qlvb-edxml-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// Runs a command line tool; returns its exit status and combined output.
@discardableResult
func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
    let out = try runTool(executable, arguments, cwd: directory?.path)
    return (out.status, out.all)
}
