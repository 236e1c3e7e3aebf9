import Auth
import Contracts
import Foundation
import Storage

/// A delegation (ủy quyền): a leader lets a named person of the same agency assign and supervise the processing of
/// documents in their place for a period (regulation art. 12.2.c), only with the head's approval (art. 4.4).
struct Delegation: Sendable, Equatable, Codable {
    var id: UUID
    var agency: String
    var delegator: String
    var delegate: String
    var startsAt: Date
    var endsAt: Date
    /// `requested`, `approved`, `refused` or `revoked`.
    var status: String
    var reason: String?
    var requestedBy: String
    var approvedBy: String?
    var decidedBy: String?
    var decidedAt: Date?

    static let columns = """
        id, agency, delegator, delegate, starts_at, ends_at, status, reason, requested_by, approved_by, decided_by, decided_at
        """

    init(row: PGRow) throws {
        id = try row.decode(UUID.self, "id")
        agency = try row.decode(String.self, "agency")
        delegator = try row.decode(String.self, "delegator")
        delegate = try row.decode(String.self, "delegate")
        startsAt = try row.decode(Date.self, "starts_at")
        endsAt = try row.decode(Date.self, "ends_at")
        status = try row.decode(String.self, "status")
        reason = try row.decode(String?.self, "reason")
        requestedBy = try row.decode(String.self, "requested_by")
        approvedBy = try row.decode(String?.self, "approved_by")
        decidedBy = try row.decode(String?.self, "decided_by")
        decidedAt = try row.decode(Date?.self, "decided_at")
    }
}

struct DelegationStore: Sendable {
    let schema: String

    /// An approved delegation in force at `at`, with the delegator's current roles.
    struct InForce: Sendable {
        var id: UUID
        var endsAt: Date
        var delegatorRoles: Set<Role>
    }

    func inForce(delegator: String, delegate: String, agency: String, at: Date, on executor: some PGExecutor) async throws -> InForce? {
        let row = try await executor.query("""
            SELECT d.id, d.ends_at, array_to_string(a.roles, ',') AS roles FROM \(identifier: schema).delegations d
            JOIN \(identifier: schema).users a ON a.account = d.delegator AND a.status = 'active'
            JOIN \(identifier: schema).users b ON b.account = d.delegate AND b.status = 'active'
            WHERE d.delegator = \(delegator) AND d.delegate = \(delegate) AND d.agency = \(agency) AND d.status = 'approved'
              AND d.starts_at <= \(at) AND \(at) < d.ends_at
            ORDER BY d.ends_at DESC LIMIT 1
            """).rows.first
        return try row.map {
            InForce(id: try $0.decode(UUID.self, "id"), endsAt: try $0.decode(Date.self, "ends_at"),
                    delegatorRoles: Role.parseList(try $0.decode(String.self, "roles")))
        }
    }

    func list(agency: String, involving account: String?, on executor: some PGExecutor) async throws -> [Delegation] {
        try await executor.query("""
            SELECT \(unsafe: Delegation.columns) FROM \(identifier: schema).delegations
            WHERE agency = \(agency) AND (\(account)::text IS NULL OR delegator = \(account) OR delegate = \(account))
            ORDER BY requested_at DESC
            """).rows.map(Delegation.init(row:))
    }

    func find(_ id: UUID, agency: String, on executor: some PGExecutor) async throws -> Delegation {
        guard let row = try await executor.query("""
            SELECT \(unsafe: Delegation.columns) FROM \(identifier: schema).delegations WHERE id = \(id) AND agency = \(agency)
            """).rows.first
        else { throw PeopleError.notFound("không có ủy quyền \(id) / no delegation \(id) in this agency") }
        return try Delegation(row: row)
    }

    /// Records a request (the rules are `DelegationPolicy.request`'s); `approved` when the head delegates himself.
    func insert(
        delegator: Colleague, delegate: String, startsAt: Date, endsAt: Date, reason: String?, requestedBy: String, approved: Bool,
        tx: PGTransaction
    ) async throws -> Delegation {
        let id = UUID()
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).delegations
                (id, agency, delegator, delegate, starts_at, ends_at, status, reason, requested_by, approved_by, decided_by, decided_at)
            VALUES (\(id), \(delegator.agency), \(delegator.account), \(delegate), \(startsAt), \(endsAt),
                \(approved ? "approved" : "requested"), \(reason), \(requestedBy),
                \(approved ? delegator.account : nil), \(approved ? delegator.account : nil), \(approved ? Date() : nil))
            """)
        return try await find(id, agency: delegator.agency, on: tx)
    }

    /// Records the head's decision on a request: `approved` or `refused`.
    func decide(_ id: UUID, agency: String, approve: Bool, head: String, tx: PGTransaction) async throws -> Delegation {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).delegations
            SET status = \(approve ? "approved" : "refused"), approved_by = \(approve ? head : nil), decided_by = \(head), decided_at = now()
            WHERE id = \(id)
            """)
        return try await find(id, agency: agency, on: tx)
    }

    /// Records that a delegation ended early.
    func revoke(_ id: UUID, agency: String, by account: String, tx: PGTransaction) async throws -> Delegation {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).delegations SET status = 'revoked', decided_by = \(account), decided_at = now() WHERE id = \(id)
            """)
        return try await find(id, agency: agency, on: tx)
    }
}
