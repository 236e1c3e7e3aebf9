import Foundation
import Storage

/// The processed-message ids of a service (inbox), which make its consumers idempotent.
public enum Inbox {
    /// Records the id; false when this handler has already processed the message.
    public static func record(_ messageId: UUID, handler: String, schema: String, in tx: PGTransaction) async throws -> Bool {
        try await record([(messageId, handler)], schema: schema, in: tx).count == 1
    }

    /// Records a batch in one statement; returns the entries that were new.
    public static func record(_ entries: [(UUID, String)], schema: String, in tx: PGTransaction) async throws -> Set<InboxKey> {
        let ids = PGArray.literal(entries.map { $0.0.uuidString.lowercased() })
        let handlers = PGArray.literal(entries.map { $0.1 })
        let rows = try await tx.query(PGQuery(
            unsafeSQL: """
                INSERT INTO \(PGQuery.quoteIdentifier(schema)).inbox (message_id, handler)
                SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING RETURNING message_id, handler
                """,
            binds: [ids, handlers])).rows
        return Set(try rows.map { InboxKey(messageId: try $0.decode(UUID.self, "message_id"), handler: try $0.decode(String.self, "handler")) })
    }
}

public struct InboxKey: Hashable, Sendable {
    public var messageId: UUID
    public var handler: String
}
