import Foundation
import Logging
import ServiceKit
import Storage

/// `routing audit verify [--schema NAME]`: re-computes the audit log's hash chain from the first entry.
/// Prints `OK: N entries …` and exits 0, or names the first broken entry and exits 1; 2 for a usage or configuration
/// error. Needs only `QLVB_PG_URL`.
enum AuditCommand {
    static let usage = "usage: routing audit verify [--schema NAME]   (reads QLVB_PG_URL; schema defaults to routing)"

    static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        guard arguments.first == "verify" else { return fail(usage) }
        var schema = "routing"
        var rest = arguments.dropFirst()
        while let option = rest.popFirst() {
            guard option == "--schema", let value = rest.popFirst(), !value.isEmpty else { return fail(usage) }
            schema = value
        }
        let url: URL
        do { url = try RoutingSettings.auditDatabaseURL(environment) } catch { return fail("\(error)") }
        var logger = Logger(label: "qlvb.routing.audit")
        logger.logLevel = .warning
        let database = PGClient(url: url.absoluteString, maxConnections: 1, logger: logger)
        do {
            let result = try await AuditLog.verify(schema: schema, database: database)
            await database.shutdown()
            print(report(result, schema: schema))
            return result.isIntact ? 0 : 1
        } catch {
            await database.shutdown()
            FileHandle.standardError.write(Data("routing audit verify: \(error)\n".utf8))
            return 1
        }
    }

    static func report(_ result: AuditVerification, schema: String) -> String {
        if let broken = result.firstBroken {
            return "BROKEN: schema \(schema), entry \(broken): \(result.reason ?? "") (\(result.count) entries before it check out)"
        }
        return "OK: schema \(schema), \(result.count) entries, chain intact, last hash \(result.lastHash)"
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        return 2
    }
}
