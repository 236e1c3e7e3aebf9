import Foundation
import Storage

/// The file list (danh mục hồ sơ) of each agency and year in PostgreSQL.
struct FileListStore: Sendable {
    let schema: String

    func add(_ item: FileListItem, in tx: PGTransaction) async throws -> Bool {
        !(try await tx.query("""
            INSERT INTO \(identifier: schema).file_list_items
                (id, agency, year, heading, code, title, retention_years, responsible, note, created_by, created_at)
            VALUES (\(item.id), \(item.agency), \(item.year), \(item.heading), \(item.code), \(item.title), \(item.retentionYears),
                    \(item.responsible), \(item.note), \(item.createdBy), \(item.createdAt))
            ON CONFLICT (agency, year, code) DO NOTHING RETURNING id
            """).rows.isEmpty)
    }

    func item(_ id: UUID, agency: String, executor: some PGExecutor) async throws -> FileListItem? {
        try await executor.query("""
            SELECT * FROM \(identifier: schema).file_list_items WHERE id = \(id) AND agency = \(agency)
            """).rows.first.map(Self.item(row:))
    }

    func list(agency: String, year: Int, executor: some PGExecutor) async throws -> FileList {
        let items = try await executor.query("""
            SELECT * FROM \(identifier: schema).file_list_items WHERE agency = \(agency) AND year = \(year) ORDER BY heading, code
            """).rows.map(Self.item(row:))
        let approval = try await executor.query("""
            SELECT approved_by, approved_at FROM \(identifier: schema).file_lists WHERE agency = \(agency) AND year = \(year)
            """).rows.first
        return FileList(
            agency: agency, year: year, approvedBy: try approval?.decode(String?.self, "approved_by"),
            approvedAt: try approval?.decode(Date?.self, "approved_at"), items: items)
    }

    /// Who approved the year's list, nil while it is a draft.
    func approvedBy(agency: String, year: Int, executor: some PGExecutor) async throws -> String? {
        try await executor.query("""
            SELECT approved_by FROM \(identifier: schema).file_lists WHERE agency = \(agency) AND year = \(year)
            """).rows.first?.decode(String?.self, "approved_by")
    }

    func approve(agency: String, year: Int, by account: String, at: Date, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).file_lists (agency, year, approved_by, approved_at)
            VALUES (\(agency), \(year), \(account), \(at))
            ON CONFLICT (agency, year) DO UPDATE SET approved_by = EXCLUDED.approved_by, approved_at = EXCLUDED.approved_at
            """)
    }

    static func item(row r: PGRow) throws -> FileListItem {
        FileListItem(
            id: try r.decode(UUID.self, "id"), agency: try r.decode(String.self, "agency"), year: try r.decode(Int.self, "year"),
            heading: try r.decode(String.self, "heading"), code: try r.decode(String.self, "code"), title: try r.decode(String.self, "title"),
            retentionYears: try r.decode(Int?.self, "retention_years"), responsible: try r.decode(String?.self, "responsible"),
            note: try r.decode(String?.self, "note"), createdBy: try r.decode(String.self, "created_by"),
            createdAt: try r.decode(Date.self, "created_at"))
    }
}
