import Contracts
import Foundation
import Storage

/// The dossiers whose nộp lưu reminder is owed, in every agency, and its once-only mark.
struct TransferReminderStore: Sendable {
    let schema: String

    /// Marks up to `limit` closed dossiers due before `before` and not reminded yet, and returns them. Rows another
    /// copy of the service is marking are skipped: each dossier is taken once.
    func markDue(before: Date, at now: Date, limit: Int = 100, in tx: PGTransaction) async throws -> [Dossier] {
        let ids = try await tx.query("""
            UPDATE \(identifier: schema).dossiers SET transfer_reminded_at = \(now)
            WHERE id IN (
                SELECT id FROM \(identifier: schema).dossiers
                WHERE state = 'closed' AND transfer_reminded_at IS NULL AND transfer_due IS NOT NULL AND transfer_due <= \(before)
                ORDER BY transfer_due LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING id, agency
            """).rows
        let dossiers = DossierStore(schema: schema)
        var out: [Dossier] = []
        for row in ids {
            if let d = try await dossiers.dossier(try row.decode(UUID.self, "id"), agency: try row.decode(String.self, "agency"), executor: tx) {
                out.append(d)
            }
        }
        return out
    }
}
