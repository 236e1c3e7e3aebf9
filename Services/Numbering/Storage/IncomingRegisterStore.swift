import Contracts
import Foundation
import Storage

/// The incoming register in PostgreSQL: gap-free numbering and the register's lines.
///
/// `register` runs inside the caller's transaction (the message handler's). The counter row of the agency ×
/// register × year is locked with `SELECT … FOR UPDATE` until that transaction ends, so two copies of the
/// service take numbers one after the other, and a copy that dies mid-way rolls back and frees its number.
struct IncomingRegisterStore: Sendable {
    let schema: String

    /// Enters `entry` (its `number` is ignored) and returns it numbered, or the line already registered for
    /// the same document (redelivery, or the same document sent twice).
    func register(_ entry: IncomingEntry, in tx: PGTransaction) async throws -> (entry: IncomingEntry, isNew: Bool) {
        let s = schema
        // Creates the counter on the first document of the year and, either way, locks its row until commit:
        // two copies of numbering take turns here, so số đến has no gap and no duplicate.
        let counter = try await tx.query("""
            INSERT INTO \(identifier: s).register_counters AS c (agency, register, year, last_number)
            VALUES (\(entry.agency), \(entry.register), \(entry.year), 0)
            ON CONFLICT (agency, register, year) DO UPDATE SET last_number = c.last_number
            RETURNING last_number
            """)
        // Checked under the lock, in a statement of its own so that its snapshot is taken after the lock was
        // granted: a copy that registered this document first has committed by now and is seen.
        if let existing = try await fetch(documentId: entry.documentId, executor: tx) {
            return (existing, false)
        }
        var numbered = entry
        numbered.number = try counter.rows[0].decode(Int.self, "last_number") + 1
        try await insert(numbered, in: tx)
        return (numbered, true)
    }

    private func insert(_ e: IncomingEntry, in tx: PGTransaction) async throws {
        let attachments = String(decoding: try JSONEncoder().encode(e.attachments), as: UTF8.self)
        // The counter moves in the same statement as the line is written.
        _ = try await tx.query("""
            WITH counter AS (
                UPDATE \(identifier: schema).register_counters SET last_number = \(e.number)
                WHERE agency = \(e.agency) AND register = \(e.register) AND year = \(e.year))
            INSERT INTO \(identifier: schema).incoming_entries (
                document_id, agency, register, year, number, arrived_at, arrival_day, sender_code, sender_name,
                code_number, code_notation, promulgation_date, document_type, subject, recipient, handed_over_at,
                receipt_signature, note, priority, due_date, signer_name, edxml_document_id, packet_sha256, packet_size,
                packet_media_type, attachments, search_text, sender_folded, registered_at)
            VALUES (
                \(e.documentId), \(e.agency), \(e.register), \(e.year), \(e.number), \(e.arrivedAt),
                \(VietnamTime.isoDay(e.arrivedAt))::date, \(e.sender.code), \(e.sender.name), \(e.codeNumber),
                \(e.codeNotation), \(e.promulgationDate), \(e.documentType), \(e.subject), \(e.recipient),
                \(e.handedOverAt), \(e.receiptSignature), \(e.note), \(e.priority), \(e.dueDate), \(e.signerName),
                \(e.edxmlDocumentId), \(e.packet.sha256), \(e.packet.size), \(e.packet.mediaType), \(attachments)::jsonb,
                \(e.searchText), \(SearchFolding.fold(e.sender.name)), \(e.registeredAt))
            """)
    }

    func fetch(documentId: UUID, agency: String? = nil, executor: some PGExecutor) async throws -> IncomingEntry? {
        let result = try await executor.query("""
            SELECT * FROM \(identifier: schema).incoming_entries
            WHERE document_id = \(documentId) AND (\(agency)::text IS NULL OR agency = \(agency))
            """)
        return try result.rows.first.map(IncomingEntry.init(row:))
    }

    /// Lines matching `filter`, in register order (year, số đến), and how many match in all.
    func search(_ filter: RegisterFilter, executor: some PGExecutor) async throws -> (entries: [IncomingEntry], total: Int) {
        let senderPattern = filter.sender.map(SearchFolding.containsPattern)
        let textPattern = filter.text.map(SearchFolding.containsPattern)
        let result = try await executor.query("""
            SELECT *, count(*) OVER () AS total FROM \(identifier: schema).incoming_entries
            WHERE agency = \(filter.agency) AND register = \(filter.register)
              AND (\(filter.fromDay)::date IS NULL OR arrival_day >= \(filter.fromDay)::date)
              AND (\(filter.toDay)::date IS NULL OR arrival_day <= \(filter.toDay)::date)
              AND (\(filter.number)::int IS NULL OR number = \(filter.number)::int)
              AND (\(filter.year)::int IS NULL OR year = \(filter.year)::int)
              AND (\(filter.sender)::text IS NULL OR sender_code = \(filter.sender) OR sender_folded LIKE \(senderPattern))
              AND (\(textPattern)::text IS NULL OR search_text LIKE \(textPattern))
            ORDER BY year, number
            LIMIT \(filter.limit) OFFSET \(filter.offset)
            """)
        let total = try result.rows.first?.decode(Int.self, "total") ?? 0
        return (try result.rows.map(IncomingEntry.init(row:)), total)
    }
}

extension IncomingEntry {
    init(row: PGRow) throws {
        self.init(
            documentId: try row.decode(UUID.self, "document_id"), agency: try row.decode(String.self, "agency"),
            register: try row.decode(String.self, "register"), year: try row.decode(Int.self, "year"),
            number: try row.decode(Int.self, "number"), arrivedAt: try row.decode(Date.self, "arrived_at"),
            sender: Organization(code: try row.decode(String.self, "sender_code"), name: try row.decode(String.self, "sender_name")),
            codeNumber: try row.decode(String.self, "code_number"), codeNotation: try row.decode(String.self, "code_notation"),
            promulgationDate: try row.decode(Date.self, "promulgation_date"),
            documentType: try row.decode(String.self, "document_type"), subject: try row.decode(String.self, "subject"),
            recipient: try row.decode(String?.self, "recipient"), handedOverAt: try row.decode(Date?.self, "handed_over_at"),
            receiptSignature: try row.decode(String?.self, "receipt_signature"), note: try row.decode(String?.self, "note"),
            priority: try row.decode(Int.self, "priority"), dueDate: try row.decode(Date?.self, "due_date"),
            signerName: try row.decode(String?.self, "signer_name"),
            edxmlDocumentId: try row.decode(String.self, "edxml_document_id"),
            packet: BlobRef(
                sha256: try row.decode(String.self, "packet_sha256"), size: try row.decode(Int64.self, "packet_size"),
                mediaType: try row.decode(String.self, "packet_media_type")),
            attachments: try JSONDecoder().decode([AttachmentRef].self, from: Data(try row.decode(String.self, "attachments").utf8)),
            registeredAt: try row.decode(Date.self, "registered_at"))
    }
}
