import Foundation
import Storage

/// The in-app notices in PostgreSQL.
struct NoticeStore: Sendable {
    let schema: String

    /// False when the person was already told (a redelivery).
    @discardableResult
    func add(_ n: Notice, in tx: some PGExecutor) async throws -> Bool {
        !(try await tx.query("""
            INSERT INTO \(identifier: schema).notices (account, agency, kind, subject_id, text, created_at)
            VALUES (\(n.account), \(n.agency), \(n.kind), \(n.subjectId), \(n.text), \(n.createdAt))
            ON CONFLICT (kind, subject_id, account) DO NOTHING RETURNING id
            """).rows.isEmpty)
    }

    /// A person's notices, newest first.
    func feed(account: String, agency: String, limit: Int = 50, executor: some PGExecutor) async throws -> [Notice] {
        try await executor.query("""
            SELECT account, agency, kind, subject_id, text, created_at FROM \(identifier: schema).notices
            WHERE agency = \(agency) AND account = \(account) ORDER BY id DESC LIMIT \(limit)
            """).rows.map { r in
            Notice(
                account: try r.decode(String.self, "account"), agency: try r.decode(String.self, "agency"),
                kind: try r.decode(String.self, "kind"), subjectId: try r.decode(UUID.self, "subject_id"),
                text: try r.decode(String.self, "text"), createdAt: try r.decode(Date.self, "created_at"))
        }
    }
}
