import Foundation
import Logging
import Storage

/// The real PostgreSQL the integration tests use: `QLVB_TEST_PG_URL`, or the cluster scripts/dev-up starts.
enum TestDatabase {
    static let url = ProcessInfo.processInfo.environment["QLVB_TEST_PG_URL"] ?? "postgresql://qlvb:qlvb@127.0.0.1:55432/qlvb"

    static let logger: Logger = {
        var logger = Logger(label: "StorageTests")
        logger.logLevel = .warning
        return logger
    }()

    static func makeClient(maxConnections: Int = 4) -> PGClient {
        PGClient(url: url, maxConnections: maxConnections, logger: logger)
    }

    static func randomSchema() -> String {
        "storage_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }

    /// Runs `body` with a client and a fresh schema (created unless `create` is false), then drops both.
    static func withSchema<T: Sendable>(
        maxConnections: Int = 4, create: Bool = true, _ body: (PGClient, String) async throws -> T
    ) async throws -> T {
        let client = makeClient(maxConnections: maxConnections)
        let schema = randomSchema()
        if create { _ = try await client.query("CREATE SCHEMA \(identifier: schema)") }
        let result: Result<T, any Error>
        do { result = .success(try await body(client, schema)) } catch { result = .failure(error) }
        let cleaner = makeClient(maxConnections: 1)
        _ = try? await cleaner.query("DROP SCHEMA IF EXISTS \(identifier: schema) CASCADE")
        await cleaner.shutdown()
        await client.shutdown()
        return try result.get()
    }
}

struct Boom: Error, Equatable {}
