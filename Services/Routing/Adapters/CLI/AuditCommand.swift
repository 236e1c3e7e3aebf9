import BlobStore
import Foundation
import Logging
import ServiceKit
import Storage

/// `routing audit verify [--schema NAME] [--full]` and `routing audit checkpoint [--schema NAME]`.
///
/// `verify` checks the hash chain from the newest signed checkpoint (the entries after it only), or with `--full`
/// from the first entry against every checkpoint; it prints `OK: N entries …` and exits 0, or names the first broken
/// entry and exits 1 — also when the log was truncated or rewritten below a checkpoint. `checkpoint` verifies, then
/// signs and keeps a checkpoint of the head now (as routing does every `QLVB_ROUTING_AUDIT_CHECKPOINT_INTERVAL`);
/// it needs the private key. 2 for a usage or configuration error. Settings: `RoutingSettings.auditTool`.
enum AuditCommand {
    static let usage = """
        usage: routing audit verify [--schema NAME] [--full]
               routing audit checkpoint [--schema NAME]
        (QLVB_ROUTING_PG_URL; QLVB_BLOB_ROOT and QLVB_ROUTING_AUDIT_KEY_FILE or …_AUDIT_PUBLIC_KEY_FILE for checkpoints;
         schema defaults to routing)
        """

    static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        guard let action = arguments.first, ["verify", "checkpoint"].contains(action) else { return fail(usage) }
        var schema = "routing"
        var full = false
        var rest = arguments.dropFirst()
        while let option = rest.popFirst() {
            if option == "--full", action == "verify" {
                full = true
            } else if option == "--schema", let value = rest.popFirst(), !value.isEmpty {
                schema = value
            } else {
                return fail(usage)
            }
        }
        let tool: RoutingSettings.AuditTool
        do { tool = try RoutingSettings.auditTool(environment) } catch { return fail("\(error)") }
        var logger = Logger(label: "qlvb.routing.audit")
        logger.logLevel = .warning
        let database = PGClient(url: tool.databaseURL.absoluteString, maxConnections: 1, logger: logger)
        do {
            var store: AuditCheckpointStore?
            if let publicKey = tool.publicKey, let root = tool.blobRoot {
                store = AuditCheckpointStore(blobs: try FileBlobStore(root: root, logger: logger), publicKey: publicKey)
            }
            if action == "checkpoint" {
                guard let key = tool.privateKey, let store else {
                    await database.shutdown()
                    return fail("routing audit checkpoint: QLVB_ROUTING_AUDIT_KEY_FILE is not set: nothing can sign a checkpoint")
                }
                logger.logLevel = .notice   // the checkpoint's own log line is its second copy
                let checkpointer = AuditCheckpointer(
                    database: database, schema: schema, store: store, key: key, interval: .seconds(300), logger: logger)
                let outcome = try await checkpointer.checkpoint()
                await database.shutdown()
                switch outcome {
                case .written(let checkpoint, let ref):
                    print("CHECKPOINT: schema \(schema), entry \(checkpoint.sequence), head \(checkpoint.headHash), blob \(ref.sha256)")
                    return 0
                case .unchanged(let head):
                    print("UNCHANGED: schema \(schema), \(head) entries, the newest checkpoint covers them")
                    return 0
                case .broken(let result):
                    print(report(result, schema: schema))
                    return 1
                }
            }
            let result = try await AuditCheckpointer.verify(schema: schema, database: database, store: store, full: full)
            await database.shutdown()
            if store == nil {
                FileHandle.standardError.write(Data("routing audit verify: no audit key configured: the whole log was read, and a truncation of its end cannot be seen\n".utf8))
            }
            print(report(result, schema: schema))
            return result.isIntact ? 0 : 1
        } catch {
            await database.shutdown()
            FileHandle.standardError.write(Data("routing audit \(action): \(error)\n".utf8))
            return 1
        }
    }

    static func report(_ result: AuditVerification, schema: String) -> String {
        if let broken = result.firstBroken {
            let before = result.count > 0 ? " (\(result.count) entries before it check out)" : ""
            return "BROKEN: schema \(schema), entry \(broken): \(result.reason ?? "")\(before)"
        }
        let from = result.from.map { "from the checkpoint at entry \($0)" } ?? "from the first entry"
        return "OK: schema \(schema), \(result.count) entries, chain intact \(from) (\(result.rowsRead) rows read), last hash \(result.lastHash)"
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        return 2
    }
}
