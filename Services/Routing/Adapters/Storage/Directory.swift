import Auth
import Foundation
import Storage

/// Look-ups of people for the workflow: who a user is, who is in a department, who leads the agency, and whether a
/// delegation (ủy quyền) is in force. Run on the pool or inside a transaction.
enum Directory {
    static func user(_ account: String, schema: String, on executor: some PGExecutor) async throws -> UserRecord? {
        try await executor.query("""
            SELECT \(unsafe: UserRecord.columns) FROM \(identifier: schema).users WHERE account = \(account)
            """).rows.first.map(UserRecord.init(row:))
    }

    /// Active members of a department, by account.
    static func members(ofDepartment id: UUID, schema: String, on executor: some PGExecutor) async throws -> [UserRecord] {
        try await executor.query("""
            SELECT \(unsafe: UserRecord.columns) FROM \(identifier: schema).users
            WHERE department_id = \(id) AND status = 'active' ORDER BY account
            """).rows.map(UserRecord.init(row:))
    }

    /// The agency's active head (thủ trưởng) and deputies (phó thủ trưởng): heads first, then by account.
    static func leaders(ofAgency agency: String, schema: String, on executor: some PGExecutor) async throws -> [UserRecord] {
        try await executor.query("""
            SELECT \(unsafe: UserRecord.columns) FROM \(identifier: schema).users
            WHERE agency = \(agency) AND status = 'active' AND roles && ARRAY['head', 'deputy']
            ORDER BY NOT ('head' = ANY (roles)), account
            """).rows.map(UserRecord.init(row:))
    }

    /// True when `delegator` has an approved delegation to `delegate` covering `at`, and both are still active.
    static func activeDelegation(
        delegator: String, delegate: String, at: Date, schema: String, on executor: some PGExecutor
    ) async throws -> Bool {
        try await executor.query("""
            SELECT 1 FROM \(identifier: schema).delegations d
            JOIN \(identifier: schema).users a ON a.account = d.delegator AND a.status = 'active'
            JOIN \(identifier: schema).users b ON b.account = d.delegate AND b.status = 'active'
            WHERE d.delegator = \(delegator) AND d.delegate = \(delegate) AND d.status = 'approved'
              AND d.starts_at <= \(at) AND \(at) < d.ends_at
            LIMIT 1
            """).rows.isEmpty == false
    }
}
