import BlobStore
import Crypto
import Foundation
import Messaging
import Storage
import TestSupport
import XCTest

@testable import RoutingService

/// The audit log anchored outside the database: signed checkpoints of its head in the blob store. Someone with
/// full access to the database (the owner, a superuser) can switch the trigger off and truncate or rewrite the log;
/// `audit verify` still finds it. Verification reads only what came after the newest checkpoint.
final class AuditCheckpointTests: XCTestCase {
    struct Setup {
        let db: InstalledDatabase
        let routing: PGClient
        let store: AuditCheckpointStore
        let key: Curve25519.Signing.PrivateKey
        let keyFile: URL
        let blobRoot: URL

        var checkpointer: AuditCheckpointer {
            AuditCheckpointer(database: routing, schema: "routing", store: store, key: key, interval: .seconds(60), logger: TestEnv.logger)
        }

        func append(_ n: Int) async throws {
            for i in 1...n {
                _ = try await routing.withTransaction { tx in
                    try await AuditLog.append(
                        AuditEntry(actor: "quantri.ubnd", agency: "000.00.00.H52", action: "user.create", subject: "u\(i).ubnd",
                                   details: ["vai trò": "văn thư"]),
                        schema: "routing", in: tx)
                }
            }
        }

        func verify(full: Bool = false) async throws -> AuditVerification {
            try await AuditCheckpointer.verify(schema: "routing", database: routing, store: store, full: full)
        }

        /// What the operator's command says, with routing's own settings.
        func command(_ arguments: [String]) async -> Int32 {
            await AuditCommand.run(arguments, environment: [
                "QLVB_ROUTING_PG_URL": db.url("routing"), "QLVB_BLOB_ROOT": blobRoot.path, "QLVB_ROUTING_AUDIT_KEY_FILE": keyFile.path,
            ])
        }

        /// As the administrator (owner of the log through membership): what an attacker with the database can do.
        func tamper(_ statements: [String]) async throws {
            try await db.admin.withTransaction { tx in
                for sql in statements { _ = try await tx.query(PGQuery(unsafeSQL: sql)) }
            }
        }
    }

    func withSetup(_ body: (Setup) async throws -> Void) async throws {
        try await withInstalledDatabase { db in
            let routing = try await DatabaseRolesTests.migrate(db, "routing", RoutingMigrations.all)
            let blobRoot = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnv.uniqueName("audit-blobs-"))
            defer { try? FileManager.default.removeItem(at: blobRoot) }
            let key = Curve25519.Signing.PrivateKey()
            let keyFile = blobRoot.appendingPathExtension("key.pem")
            defer { try? FileManager.default.removeItem(at: keyFile) }
            try AuditKey.pem(key).write(to: keyFile, atomically: true, encoding: .utf8)
            let store = AuditCheckpointStore(blobs: try FileBlobStore(root: blobRoot), publicKey: key.publicKey)
            do {
                try await body(Setup(db: db, routing: routing, store: store, key: key, keyFile: keyFile, blobRoot: blobRoot))
            } catch {
                await routing.shutdown()
                throw error
            }
            await routing.shutdown()
        }
    }

    func testTruncatingTheLogIsFoundThroughTheSignedCheckpoint() async throws {
        try await withSetup { s in
            try await s.append(5)
            guard case .written(let checkpoint, _) = try await s.checkpointer.checkpoint() else { return XCTFail("no checkpoint written") }
            XCTAssertEqual(checkpoint.sequence, 5)
            XCTAssertTrue(checkpoint.isSigned(by: s.key.publicKey))
            try await assertEqual(await s.command(["verify"]), 0)

            // The trigger stops the owner too; with the database, an attacker switches it off and empties the table,
            // then starts a fresh chain that checks out by itself.
            try await s.tamper([
                "ALTER TABLE routing_audit.audit_log DISABLE TRIGGER USER",
                "TRUNCATE routing_audit.audit_log",
                "ALTER TABLE routing_audit.audit_log ENABLE TRIGGER USER",
            ])
            try await s.append(2)
            try await assertEqual(try await AuditLog.verify(schema: "routing", database: s.routing).isIntact, true, "a chain alone cannot see it")

            let incremental = try await s.verify()
            XCTAssertEqual(incremental.firstBroken, 5)
            XCTAssertTrue(incremental.reason?.contains("entry 5, signed in a checkpoint, is missing") == true, incremental.reason ?? "")
            let full = try await s.verify(full: true)
            XCTAssertEqual(full.firstBroken, 3)
            XCTAssertTrue(full.reason?.contains("entries 3…5, signed in a checkpoint, are missing") == true, full.reason ?? "")
            try await assertEqual(await s.command(["verify"]), 1)
            try await assertEqual(await s.command(["verify", "--full"]), 1)
            // A broken log gets no new checkpoint.
            guard case .broken = try await s.checkpointer.checkpoint() else { return XCTFail("checkpointed a broken log") }
        }
    }

    func testRewritingTheLogUpToACheckpointIsFound() async throws {
        try await withSetup { s in
            try await s.append(4)
            _ = try await s.checkpointer.checkpoint()
            // Entry 2 changed and every hash after it re-computed, so the chain checks out by itself.
            let rows = try await s.db.admin.query("SELECT seq, (extract(epoch FROM at) * 1000000)::bigint AS us FROM routing_audit.audit_log ORDER BY seq").rows
            var previous = AuditChain.genesis
            var rewrite = ["ALTER TABLE routing_audit.audit_log DISABLE TRIGGER USER"]
            for row in rows {
                let seq = try row.decode(Int64.self, "seq"), micros = try row.decode(Int64.self, "us")
                let entry = AuditEntry(actor: "quantri.ubnd", agency: "000.00.00.H52", action: "user.create",
                                       subject: seq == 2 ? "ke.gian" : "u\(seq).ubnd", details: ["vai trò": "văn thư"])
                let hash = AuditChain.hash(previous: previous, entry, sequence: seq, atMicroseconds: micros)
                rewrite.append("""
                    UPDATE routing_audit.audit_log SET subject = '\(entry.subject)', previous_hash = '\\x\(AuditChain.hex(previous))',
                        hash = '\\x\(AuditChain.hex(hash))' WHERE seq = \(seq)
                    """)
                previous = hash
            }
            try await s.tamper(rewrite + ["ALTER TABLE routing_audit.audit_log ENABLE TRIGGER USER"])
            try await assertEqual(try await AuditLog.verify(schema: "routing", database: s.routing).isIntact, true, "the chain alone checks out")

            let incremental = try await s.verify()
            XCTAssertEqual(incremental.firstBroken, 4)
            XCTAssertTrue(incremental.reason?.contains("does not match its signed checkpoint") == true, incremental.reason ?? "")
            try await assertEqual(try await s.verify(full: true).firstBroken, 4)
        }
    }

    func testIncrementalVerificationReadsOnlyTheEntriesAfterTheCheckpoint() async throws {
        try await withSetup { s in
            try await s.append(10)
            try await assertEqual(await s.command(["checkpoint"]), 0)     // on demand, as the operator would
            try await s.append(5)

            let incremental = try await s.verify()
            XCTAssertTrue(incremental.isIntact, incremental.reason ?? "")
            XCTAssertEqual(incremental.count, 15)
            XCTAssertEqual(incremental.from, 10)
            XCTAssertEqual(incremental.rowsRead, 6, "the checkpoint's entry and the five after it")
            let full = try await s.verify(full: true)
            XCTAssertEqual(full.count, 15)
            XCTAssertEqual(full.rowsRead, 15)
            XCTAssertNil(full.from)

            // The periodic checkpoint moves the start forward; nothing new, nothing written.
            guard case .written(let second, _) = try await s.checkpointer.checkpoint() else { return XCTFail("no second checkpoint") }
            XCTAssertEqual(second.sequence, 15)
            XCTAssertEqual(second.previous?.mediaType, AuditCheckpointStore.mediaType)
            guard case .unchanged(15) = try await s.checkpointer.checkpoint() else { return XCTFail("a checkpoint with nothing new") }
            try await assertEqual(try await s.verify().rowsRead, 1)
            try await assertEqual(try await s.store.all(schema: "routing").map(\.checkpoint.sequence), [15, 10])
        }
    }

    func testACheckpointNotSignedByTheAuditKeyIsRefused() async throws {
        try await withSetup { s in
            try await s.append(3)
            let forger = Curve25519.Signing.PrivateKey()
            let forged = try AuditCheckpoint.sign(schema: "routing", sequence: 1, headHash: String(repeating: "0", count: 64), at: Date(),
                                                  previous: nil, key: forger)
            try await s.store.write(forged)
            do {
                _ = try await s.verify()
                XCTFail("a forged checkpoint was trusted")
            } catch let error as AuditCheckpointStore.Failure {
                XCTAssertTrue("\(error)".contains("not signed by the audit key"), "\(error)")
            }
            try await assertEqual(await s.command(["verify"]), 1)
        }
    }

    /// The agency's admin and head see the same: `GET …/audit/verify` starts from the newest checkpoint.
    func testTheVerifyRouteStartsFromTheNewestCheckpoint() async throws {
        try await withPeople { fixtures in
            var f = fixtures
            let blobRoot = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnv.uniqueName("audit-blobs-"))
            defer { try? FileManager.default.removeItem(at: blobRoot) }
            let key = Curve25519.Signing.PrivateKey()
            let store = AuditCheckpointStore(blobs: try FileBlobStore(root: blobRoot), publicKey: key.publicKey)
            f.people.auditCheckpoints = store
            try await AuditLogTests.append(f, 3)
            _ = try await AuditCheckpointer(
                database: f.database, schema: f.schema, store: store, key: key, interval: .seconds(60), logger: TestEnv.logger).checkpoint()
            try await AuditLogTests.append(f, 2)

            let incremental = try await f.send(.get, "\(f.base)/audit/verify", as: f.head)
            XCTAssertEqual(incremental.status, .ok, incremental.text)
            XCTAssertEqual(incremental.object["count"] as? Int, 5)
            XCTAssertEqual(incremental.object["rowsRead"] as? Int, 3)
            XCTAssertEqual(incremental.object["from"] as? Int, 3)
            let full = try await f.send(.get, "\(f.base)/audit/verify?full=true", as: f.admin)
            XCTAssertEqual(full.object["count"] as? Int, 5)
            XCTAssertEqual(full.object["rowsRead"] as? Int, 5)
            XCTAssertNil(full.object["from"] as? Int)
        }
    }
}
