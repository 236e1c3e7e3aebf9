import Foundation
import Storage

/// Disposal lists in PostgreSQL; an executed list is the lasting description of what was destroyed.
struct DisposalStore: Sendable {
    let schema: String

    func insert(_ l: DisposalList, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).disposal_lists (id, agency, title, state, proposed_by, proposed_at, items)
            VALUES (\(l.id), \(l.agency), \(l.title), \(l.state.rawValue), \(l.proposedBy), \(l.proposedAt),
                    \(try JSONColumn.text(l.items))::jsonb)
            """)
    }

    func update(_ l: DisposalList, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).disposal_lists SET
                state = \(l.state.rawValue), first_approver = \(l.firstApprover),
                first_approver_roles = \(l.firstApproverRoles.map { PGArray.literal($0.map(Optional.some)) })::text[],
                first_approved_at = \(l.firstApprovedAt), second_approver = \(l.secondApprover), second_approved_at = \(l.secondApprovedAt),
                items = \(try JSONColumn.text(l.items))::jsonb
            WHERE id = \(l.id) AND agency = \(l.agency)
            """)
    }

    func list(_ id: UUID, agency: String, forUpdate: Bool = false, executor: some PGExecutor) async throws -> DisposalList? {
        try await executor.query("""
            SELECT * FROM \(identifier: schema).disposal_lists WHERE id = \(id) AND agency = \(agency)
            \(unsafe: forUpdate ? "FOR UPDATE" : "")
            """).rows.first.map(Self.list(row:))
    }

    func lists(agency: String, executor: some PGExecutor) async throws -> [DisposalList] {
        try await executor.query("""
            SELECT * FROM \(identifier: schema).disposal_lists WHERE agency = \(agency) ORDER BY proposed_at DESC LIMIT 200
            """).rows.map(Self.list(row:))
    }

    static func list(row r: PGRow) throws -> DisposalList {
        DisposalList(
            id: try r.decode(UUID.self, "id"), agency: try r.decode(String.self, "agency"), title: try r.decode(String.self, "title"),
            state: DisposalList.State(rawValue: try r.decode(String.self, "state")) ?? .proposed,
            proposedBy: try r.decode(String.self, "proposed_by"), proposedAt: try r.decode(Date.self, "proposed_at"),
            firstApprover: try r.decode(String?.self, "first_approver"), firstApprovedAt: try r.decode(Date?.self, "first_approved_at"),
            firstApproverRoles: try r.decode(String?.self, "first_approver_roles").map(Self.textArray),
            secondApprover: try r.decode(String?.self, "second_approver"), secondApprovedAt: try r.decode(Date?.self, "second_approved_at"),
            items: try JSONColumn.value([DisposalItem].self, try r.decode(String.self, "items")))
    }

    /// `{head,archivist}` → ["head", "archivist"] (role names need no quoting).
    static func textArray(_ text: String) -> [String] {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }
}
