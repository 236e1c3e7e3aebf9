import Foundation
import Storage

/// Appends to, reads and verifies the audit log (nhật ký hệ thống) of one routing schema. The table lives in
/// `<schema>_audit` (`schema(for:)`): installed, that schema and table belong to a role routing is not
/// (infra/postgres/install.sql), which lets routing only SELECT and INSERT.
enum AuditLog {
    /// The schema of the audit log of routing schema `schema`: `routing` → `routing_audit`.
    static func schema(for schema: String) -> String { schema + "_audit" }

    /// An entry known to be good: a signed checkpoint's head, where incremental verification starts.
    struct Anchor: Sendable, Equatable {
        var sequence: Int64
        var hash: [UInt8]
    }

    /// Appends `entry` inside the caller's transaction, so the entry exists exactly when the action commits.
    ///
    /// A transaction-scoped advisory lock serialises appends until the caller commits (readers are not blocked), so
    /// two transactions can never chain to the same previous entry and fork the chain. (`LOCK TABLE` would need
    /// UPDATE, DELETE or TRUNCATE on the table, which the writer must not have; the primary key on `seq` still
    /// refuses a fork should anything append without the lock.)
    @discardableResult
    static func append(_ entry: AuditEntry, schema: String, in tx: PGTransaction) async throws -> Int64 {
        let audit = Self.schema(for: schema)
        _ = try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\("qlvb.audit." + audit), 0))")
        let last = try await tx.query("SELECT seq, hash FROM \(identifier: audit).audit_log ORDER BY seq DESC LIMIT 1").rows.first
        let sequence = try (last?.decode(Int64.self, "seq") ?? 0) + 1
        let previous = try last?.decode([UInt8].self, "hash") ?? AuditChain.genesis
        let micros = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
        let hash = AuditChain.hash(previous: previous, entry, sequence: sequence, atMicroseconds: micros)
        _ = try await tx.query("""
            INSERT INTO \(identifier: audit).audit_log
                (seq, at, actor, on_behalf_of, agency, action, subject, details, source, previous_hash, hash)
            VALUES (\(sequence), 'epoch'::timestamptz + \(micros)::bigint * interval '1 microsecond', \(entry.actor),
                \(entry.onBehalfOf), \(entry.agency), \(entry.action), \(entry.subject), \(try detailsJSON(entry.details))::jsonb,
                \(entry.source), \(previous), \(hash))
            """)
        return sequence
    }

    /// Entries of one agency, newest first.
    static func list(
        agency: String, limit: Int, before: Int64? = nil, schema: String, on executor: some PGExecutor
    ) async throws -> [StoredAuditEntry] {
        let rows = try await executor.query("""
            SELECT \(unsafe: columns) FROM \(identifier: Self.schema(for: schema)).audit_log
            WHERE agency = \(agency) AND (\(before)::bigint IS NULL OR seq < \(before)::bigint)
            ORDER BY seq DESC LIMIT \(limit)
            """).rows
        return try rows.map { try stored($0).entry }
    }

    /// Re-computes the hashes, from the first entry or from `anchor` (a signed checkpoint's head: that entry is read
    /// and must still carry the signed hash, then only the entries after it are read). `checkpoints` (sequence →
    /// signed hash) are checked on the way, and the log must reach the last of them: a log truncated below a
    /// checkpoint, or rewritten up to one, does not check out. Reports the count or the first entry that does not.
    static func verify(
        schema: String, database: PGClient, from anchor: Anchor? = nil, checkpoints: [Int64: [UInt8]] = [:]
    ) async throws -> AuditVerification {
        let table = "\(PGQuery.quoteIdentifier(Self.schema(for: schema))).audit_log"
        var previous = AuditChain.genesis
        var expected: Int64 = 1
        var count = 0
        var rowsRead = 0
        func broken(_ at: Int64, _ reason: String) -> AuditVerification {
            AuditVerification(
                count: count, firstBroken: at, reason: reason, lastHash: AuditChain.hex(previous), rowsRead: rowsRead, from: anchor?.sequence)
        }
        if let anchor {
            let row = try await database.query("SELECT \(unsafe: columns) FROM \(unsafe: table) WHERE seq = \(anchor.sequence)").rows.first
            guard let row else {
                return broken(anchor.sequence, "mục \(anchor.sequence) đã ký trong mốc kiểm tra không còn: nhật ký bị cắt hoặc xóa / "
                    + "entry \(anchor.sequence), signed in a checkpoint, is missing: the log was truncated or entries were removed")
            }
            rowsRead += 1
            let decoded = try? stored(row)
            guard let decoded, decoded.hash == anchor.hash,
                  AuditChain.hash(previous: decoded.previous, decoded.entry.entry, sequence: anchor.sequence, atMicroseconds: decoded.micros) == anchor.hash
            else {
                return broken(anchor.sequence, "mục \(anchor.sequence) không khớp mốc kiểm tra đã ký: nhật ký bị viết lại / "
                    + "entry \(anchor.sequence) does not match its signed checkpoint: the log was rewritten")
            }
            previous = anchor.hash
            expected = anchor.sequence + 1
            count = Int(anchor.sequence)
        }
        while true {
            let rows = try await database.query("""
                SELECT \(unsafe: columns) FROM \(unsafe: table) WHERE seq >= \(expected) ORDER BY seq LIMIT 1000
                """).rows
            if rows.isEmpty { break }
            rowsRead += rows.count
            for row in rows {
                let decoded: (entry: StoredAuditEntry, micros: Int64, previous: [UInt8], hash: [UInt8])
                do {
                    decoded = try stored(row)
                } catch {
                    let seq = (try? row.decode(Int64.self, "seq")) ?? expected
                    return broken(seq, "mục \(seq) không đọc được / entry \(seq) is unreadable: \(error)")
                }
                let seq = decoded.entry.sequence
                guard seq == expected else {
                    return broken(expected, "thiếu mục \(expected) (mục kế tiếp là \(seq)) / entry \(expected) is missing (next is \(seq))")
                }
                guard decoded.previous == previous else {
                    return broken(seq, "mục \(seq) không nối với mục trước / entry \(seq) does not chain to the previous entry")
                }
                let hash = AuditChain.hash(previous: previous, decoded.entry.entry, sequence: seq, atMicroseconds: decoded.micros)
                guard hash == decoded.hash else {
                    return broken(seq, "mục \(seq) đã bị sửa: mã băm không khớp / entry \(seq) was altered: its hash does not match")
                }
                if let signed = checkpoints[seq], signed != hash {
                    return broken(seq, "mục \(seq) không khớp mốc kiểm tra đã ký: nhật ký bị viết lại / "
                        + "entry \(seq) does not match its signed checkpoint: the log was rewritten")
                }
                previous = hash
                expected += 1
                count += 1
            }
        }
        if let last = checkpoints.keys.max(), last > Int64(count) {
            return broken(Int64(count) + 1, "thiếu các mục \(count + 1)…\(last) đã ký trong mốc kiểm tra: nhật ký bị cắt / "
                + "entries \(count + 1)…\(last), signed in a checkpoint, are missing: the log was truncated")
        }
        return AuditVerification(
            count: count, firstBroken: nil, reason: nil, lastHash: AuditChain.hex(previous), rowsRead: rowsRead, from: anchor?.sequence)
    }

    private static let columns = """
        seq, at, (extract(epoch FROM at) * 1000000)::bigint AS at_us, actor, on_behalf_of, agency, action, subject,
        details::text AS details, source, previous_hash, hash
        """

    private static func stored(_ row: PGRow) throws -> (entry: StoredAuditEntry, micros: Int64, previous: [UInt8], hash: [UInt8]) {
        let details = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(String.self, "details").utf8))
        let entry = AuditEntry(
            actor: try row.decode(String.self, "actor"), onBehalfOf: try row.decode(String?.self, "on_behalf_of"),
            agency: try row.decode(String.self, "agency"), action: try row.decode(String.self, "action"),
            subject: try row.decode(String.self, "subject"), details: details, source: try row.decode(String?.self, "source"))
        let previous = try row.decode([UInt8].self, "previous_hash"), hash = try row.decode([UInt8].self, "hash")
        let stored = StoredAuditEntry(
            sequence: try row.decode(Int64.self, "seq"), at: try row.decode(Date.self, "at"), entry: entry,
            previousHash: AuditChain.hex(previous), hash: AuditChain.hex(hash))
        return (stored, try row.decode(Int64.self, "at_us"), previous, hash)
    }

    private static func detailsJSON(_ details: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(details), as: UTF8.self)
    }
}
