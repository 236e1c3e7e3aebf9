import Foundation
import Storage

/// The processed-message ids of a service (inbox), which make its consumers idempotent.
public enum Inbox {
    /// Records the id; false when this handler has already processed the message.
    public static func record(_ messageId: UUID, handler: String, schema: String, in tx: PGTransaction) async throws -> Bool {
        let result = try await tx.query(
            "INSERT INTO \(identifier: schema).inbox (message_id, handler) VALUES (\(messageId), \(handler)) ON CONFLICT DO NOTHING")
        return result.affectedRows == 1
    }
}
