import Contracts
import Crypto
import Foundation
import Logging
import ServiceKit
import ServiceLifecycle
import Storage

/// Verifies the audit log and anchors it outside the database: every `interval` (and on demand, `routing audit
/// checkpoint`) it verifies the entries after the newest signed checkpoint and, when the chain checks out and has
/// grown, signs a new checkpoint of the head and writes it to the blob store and to the log. Since a checkpoint is
/// only signed over a verified chain, each one is a "last verified" position: `verify()` starts from the newest
/// and reads only the entries after it. Copies of routing may all run it; a checkpoint behind the newest is kept
/// as a blob but does not replace the newest.
struct AuditCheckpointer: Service {
    struct Settings: Sendable {
        /// `QLVB_ROUTING_AUDIT_KEY_FILE`: signs checkpoints; nil: none are written (a warning at start).
        var key: Curve25519.Signing.PrivateKey?
        /// `QLVB_ROUTING_AUDIT_CHECKPOINT_INTERVAL` (default 5m).
        var interval: Duration = .seconds(300)
    }

    enum Outcome: Sendable {
        case written(AuditCheckpoint, BlobRef)
        /// Nothing new since the newest checkpoint (or the log is empty).
        case unchanged(Int64)
        case broken(AuditVerification)
    }

    let database: PGClient
    let schema: String
    let store: AuditCheckpointStore
    let key: Curve25519.Signing.PrivateKey
    let interval: Duration
    let logger: Logger
    var now: @Sendable () -> Date = { Date() }

    func run() async throws {
        await Periodic.run(every: interval, logger: logger, failure: "audit checkpoint failed; trying again next time") {
            _ = try await checkpoint()
        }
    }

    /// Verifies from the newest checkpoint; signs and keeps a new one when the log grew and checks out.
    func checkpoint() async throws -> Outcome {
        let latest = try await store.latest(schema: schema)
        let result = try await Self.verify(schema: schema, database: database, store: store, full: false, latest: latest)
        guard result.isIntact else {
            logger.error("audit log does not check out: no checkpoint written", metadata: [
                "schema": "\(schema)", "entry": "\(result.firstBroken ?? 0)", "reason": "\(result.reason ?? "")"])
            return .broken(result)
        }
        let head = Int64(result.count)
        guard head > (latest?.checkpoint.sequence ?? 0) else { return .unchanged(head) }
        let checkpoint = try AuditCheckpoint.sign(
            schema: schema, sequence: head, headHash: result.lastHash, at: now(), previous: latest?.ref, key: key)
        let ref = try await store.write(checkpoint)
        // The log is the second copy outside the database: shipped off the host, it outlives the blob volume.
        logger.notice("audit checkpoint", metadata: [
            "schema": "\(schema)", "sequence": "\(head)", "headHash": "\(checkpoint.headHash)",
            "at": "\(checkpoint.atMicroseconds)", "keyId": "\(checkpoint.keyId)", "signature": "\(checkpoint.signature)",
            "blob": "\(ref.sha256)"])
        return .written(checkpoint, ref)
    }

    /// Incremental (default): from the newest signed checkpoint, reading its entry and those after it. Full: every
    /// entry from the first, checked against every checkpoint. Without a checkpoint both read the whole log.
    static func verify(
        schema: String, database: PGClient, store: AuditCheckpointStore?, full: Bool,
        latest: AuditCheckpointStore.Stored?? = nil
    ) async throws -> AuditVerification {
        guard let store else { return try await AuditLog.verify(schema: schema, database: database) }
        if full {
            var signed: [Int64: [UInt8]] = [:]
            for stored in try await store.all(schema: schema) {
                signed[stored.checkpoint.sequence] = try hashBytes(stored)
            }
            return try await AuditLog.verify(schema: schema, database: database, checkpoints: signed)
        }
        let newest: AuditCheckpointStore.Stored?
        if let latest { newest = latest } else { newest = try await store.latest(schema: schema) }
        guard let newest else { return try await AuditLog.verify(schema: schema, database: database) }
        let anchor = AuditLog.Anchor(sequence: newest.checkpoint.sequence, hash: try hashBytes(newest))
        return try await AuditLog.verify(schema: schema, database: database, from: anchor)
    }

    private static func hashBytes(_ stored: AuditCheckpointStore.Stored) throws -> [UInt8] {
        guard let bytes = stored.checkpoint.headHashBytes else {
            throw AuditCheckpointStore.Failure.unreadable("\(stored.ref.sha256): head hash is not 64 hex digits")
        }
        return bytes
    }
}
