import Contracts
import Foundation
import Storage

/// The incoming register in PostgreSQL: gap-free numbering and the register's lines.
///
/// `register` runs inside the caller's transaction (the message handler's). The counter row of the agency ×
/// register × year stays locked until that transaction ends, so two copies of the service take numbers one
/// after the other, and a copy that dies mid-way rolls back and frees its number.
struct IncomingRegisterStore: Sendable {
    let schema: String

    /// Enters `entry` (its `number` is ignored) and returns it numbered, or the line already registered for
    /// the same document (redelivery, or the same document sent twice).
    ///
    /// One statement in the common case: it takes the next number (creating the year's counter at 1, and
    /// locking its row until the transaction ends, so two copies of numbering take turns and số đến has no
    /// gap and no duplicate) and writes the line with it. A document already registered is caught by the
    /// line's primary key: the conflict check sees rows committed by a copy that held the lock before us,
    /// whatever this statement's snapshot; the number is then given back, under the same lock.
    /// `ocrText`: what OCR read on a paper document's scan, kept and searched with the other columns.
    func register(_ proposed: IncomingEntry, ocrText: String? = nil, in tx: PGTransaction) async throws -> (entry: IncomingEntry, isNew: Bool) {
        let entry = try await inOpenPeriod(proposed, in: tx)
        let s = schema
        let e = entry
        let attachments = String(decoding: try JSONEncoder().encode(e.attachments), as: UTF8.self)
        let trace = String(decoding: try JSONEncoder().encode(e.trace), as: UTF8.self)
        let searchText = ocrText.map { e.searchText + " " + SearchFolding.fold($0) } ?? e.searchText
        let result = try await tx.query("""
            WITH counter AS (
                INSERT INTO \(identifier: s).register_counters AS c (agency, register, year, last_number)
                VALUES (\(e.agency), \(e.register), \(e.year), 1)
                ON CONFLICT (agency, register, year) DO UPDATE SET last_number = c.last_number + 1
                RETURNING last_number),
            line AS (
                INSERT INTO \(identifier: s).incoming_entries (
                    document_id, agency, register, year, number, arrived_at, arrival_day, sender_code, sender_name,
                    code_number, code_notation, promulgation_date, document_type, subject, recipient, handed_over_at,
                    receipt_signature, note, priority, due_date, signer_name, edxml_document_id, packet_sha256, packet_size,
                    packet_media_type, attachments, search_text, sender_folded, registered_at, medium, language, page_amount,
                    signer_position, to_places, document_description, trace, ocr_text, signature_verdict,
                    duplicate_of, registered_by)
                VALUES (
                    \(e.documentId), \(e.agency), \(e.register), \(e.year), (SELECT last_number FROM counter), \(e.arrivedAt),
                    \(VietnamTime.isoDay(e.arrivedAt))::date, \(e.sender.code), \(e.sender.name), \(e.codeNumber),
                    \(e.codeNotation), \(e.promulgationDate), \(e.documentType), \(e.subject), \(e.recipient),
                    \(e.handedOverAt), \(e.receiptSignature), \(e.note), \(e.priority), \(e.dueDate), \(e.signerName),
                    \(e.edxmlDocumentId), \(e.packet.sha256), \(e.packet.size), \(e.packet.mediaType), \(attachments)::jsonb,
                    \(searchText), \(SearchFolding.fold(e.sender.name)), \(e.registeredAt), \(e.medium.rawValue), \(e.language),
                    \(e.pageAmount), \(e.signerPosition), \(e.toPlaces), \(e.documentDescription), \(trace)::jsonb, \(ocrText),
                    \(e.signatureVerdict), \(e.duplicateOf), \(e.registeredBy))
                ON CONFLICT (document_id) DO NOTHING
                RETURNING number)
            SELECT (SELECT last_number FROM counter) AS taken, (SELECT number FROM line) AS number
            """)
        if let number = try result.rows[0].decode(Int?.self, "number") {
            var numbered = entry
            numbered.number = number
            return (numbered, true)
        }
        // Already registered: give the number back (the counter row is still locked by this transaction).
        let taken = try result.rows[0].decode(Int.self, "taken")
        _ = try await tx.query("""
            UPDATE \(identifier: s).register_counters SET last_number = \(taken - 1)
            WHERE agency = \(e.agency) AND register = \(e.register) AND year = \(e.year) AND last_number = \(taken)
            """)
        guard let existing = try await fetch(documentId: entry.documentId, executor: tx) else {
            throw PGError(code: .queryFailed, message: "document \(entry.documentId) conflicts but cannot be read")
        }
        return (existing, false)
    }

    /// The lock khóa sổ and registration take turns on, one per agency: registrations share it (they do not wait for
    /// one another), a closing holds it alone, so a line is never written into a period being closed unseen.
    static func closingLock(agency: String) -> String { "qlvb.numbering.closing/\(agency)" }

    /// `entry` as it goes into the register: unchanged when its arrival day is open; when the day is in a closed
    /// period (a document from the axis delivered late, e.g. replayed from the dead letters after the clerk bound the
    /// register), the line goes on today's open page — a bound register receives no line (Decree 30/2020 art. 22.3.b)
    /// and a document from the axis is never dropped — with the day it really arrived in Ghi chú and the trace.
    func inOpenPeriod(_ entry: IncomingEntry, in tx: PGTransaction) async throws -> IncomingEntry {
        _ = try await tx.query("SELECT pg_advisory_xact_lock_shared(hashtextextended(\(Self.closingLock(agency: entry.agency)), 0))")
        let day = VietnamTime.isoDay(entry.arrivedAt)
        guard day < VietnamTime.isoDay(entry.registeredAt),
            let closed = try await tx.query("""
                SELECT from_day::text AS from_day, to_day::text AS to_day FROM \(identifier: schema).register_closures
                WHERE agency = \(entry.agency) AND register = \(entry.register) AND \(day)::date BETWEEN from_day AND to_day
                LIMIT 1
                """).rows.first
        else { return entry }
        // dd/MM/yyyy from the ISO day.
        func shown(_ iso: String) -> String { iso.split(separator: "-").reversed().joined(separator: "/") }
        let (from, to) = (shown(try closed.decode(String.self, "from_day")), shown(try closed.decode(String.self, "to_day")))
        var moved = entry
        moved.arrivedAt = entry.registeredAt
        moved.year = VietnamTime.year(of: entry.registeredAt)
        let line = "Đến ngày \(VietnamTime.displayWithTime(entry.arrivedAt)), khi kỳ \(from) – \(to) đã khóa sổ: vào sổ ngày "
            + VietnamTime.display(entry.registeredAt)
        moved.note = [entry.note, line].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
        moved.trace.append(line)
        return moved
    }

    /// The earliest line of the agency's register with the same sender (code, or name without diacritics), số ký hiệu
    /// and date as `entry`, other than `entry` itself: "số đến/năm", or nil (Phụ lục VI III.1.h).
    func duplicate(of entry: IncomingEntry, executor: some PGExecutor) async throws -> String? {
        let e = entry
        let row = try await executor.query("""
            SELECT number, year FROM \(identifier: schema).incoming_entries
            WHERE agency = \(e.agency) AND code_number = \(e.codeNumber) AND code_notation = \(e.codeNotation)
              AND ((promulgation_date + interval '7 hours') AT TIME ZONE 'UTC')::date = \(VietnamTime.isoDay(e.promulgationDate))::date
              AND ((\(e.sender.code) <> '' AND sender_code = \(e.sender.code)) OR sender_folded = \(SearchFolding.fold(e.sender.name)))
              AND document_id <> \(e.documentId)
            ORDER BY year, number LIMIT 1
            """).rows.first
        guard let row else { return nil }
        return "\(try row.decode(Int.self, "number"))/\(try row.decode(Int.self, "year"))"
    }

    /// The registered copy of a paper document (scan, text layer, ĐẾN stamp), once drawn with its number.
    func setPacket(_ documentId: UUID, _ packet: BlobRef, attachments: [AttachmentRef], in tx: PGTransaction) async throws {
        let json = String(decoding: try JSONEncoder().encode(attachments), as: UTF8.self)
        _ = try await tx.query("""
            UPDATE \(identifier: schema).incoming_entries
            SET packet_sha256 = \(packet.sha256), packet_size = \(packet.size), packet_media_type = \(packet.mediaType),
                attachments = \(json)::jsonb
            WHERE document_id = \(documentId)
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
    /// Records that `account` was assigned the document (idempotent).
    func addReader(_ account: String, documentId: UUID, agency: String, at: Date, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).document_readers (agency, document_id, account, assigned_at)
            VALUES (\(agency), \(documentId), \(account), \(at)) ON CONFLICT DO NOTHING
            """)
    }

    /// The register's "đơn vị hoặc người nhận" and "ngày chuyển" (Phụ lục IV columns 8–9): whom the leader gave the
    /// document to handle, and when; a later assignment (giao lại) replaces an earlier one, a redelivered older one
    /// does not.
    /// The assignment's deadline is the follow-up register's thời hạn giải quyết (the document's own when it has none).
    func recordHandedOver(
        _ documentId: UUID, agency: String, to recipient: String, at: Date, deadline: Date? = nil, in tx: PGTransaction
    ) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).incoming_entries
            SET recipient = \(recipient), handed_over_at = \(at), deadline = coalesce(\(deadline)::timestamptz, due_date)
            WHERE document_id = \(documentId) AND agency = \(agency) AND (handed_over_at IS NULL OR handed_over_at <= \(at))
              AND closed_at IS NULL
            """)
    }

    /// "Ký nhận" (column 10): the recipient confirmed the receipt in the system, which stands for the signature.
    func recordReceipt(_ documentId: UUID, agency: String, by account: String, text: String, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).incoming_entries SET receipt_signature = \(text)
            WHERE document_id = \(documentId) AND agency = \(agency) AND recipient = \(account) AND closed_at IS NULL
            """)
    }

    /// `task.completed`: the handling ended (tiến độ giải quyết in the follow-up register).
    func recordCompleted(_ documentId: UUID, agency: String, at: Date, result: String, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).incoming_entries SET completed_at = \(at), completion = \(result)
            WHERE document_id = \(documentId) AND agency = \(agency) AND closed_at IS NULL
            """)
    }

    /// Whether `account` was assigned the document.
    func isReader(_ account: String, documentId: UUID, executor: some PGExecutor) async throws -> Bool {
        try await !executor.query("""
            SELECT 1 FROM \(identifier: schema).document_readers WHERE document_id = \(documentId) AND account = \(account)
            """).rows.isEmpty
    }

    /// Lines matching `filter`, newest first or in register order, from its keyset cursor (or offset), and how many
    /// match in all when `countTotal` asks for it. The first page of the newest lines reads the last entries of the
    /// register's unique index backwards: no scan of the year, however large the register.
    func search(_ filter: RegisterFilter, executor: some PGExecutor) async throws -> (entries: [IncomingEntry], total: Int?) {
        let newest = filter.newestFirst
        let (cursorYear, cursorNumber) = (filter.cursor?.year, filter.cursor?.number)
        let result = try await executor.query("""
            SELECT * \(unsafe: filter.countTotal ? ", count(*) OVER () AS total" : "") FROM \(identifier: schema).incoming_entries
            WHERE \(fragment: conditions(filter))
              AND (\(cursorYear)::int IS NULL OR \(unsafe: newest ? "(year, number) < " : "(year, number) > ")
                   (\(cursorYear)::int, \(cursorNumber)::int))
            ORDER BY \(unsafe: newest ? "year DESC, number DESC" : "year, number")
            LIMIT \(filter.limit) OFFSET \(filter.offset)
            """)
        let total = filter.countTotal ? try result.rows.first?.decode(Int.self, "total") ?? 0 : nil
        return (try result.rows.map(IncomingEntry.init(row:)), total)
    }

    /// The lines `filter` selects (up to its `limit`, from its `offset`), in register order (a printed register runs
    /// oldest first, whatever `newestFirst` says for the screen), handed to `body` a batch
    /// at a time (keyset on year and number): the print walks a register of any length holding one batch.
    func forEachBatch(
        _ filter: RegisterFilter, batch: Int = 500, executor: some PGExecutor, _ body: ([IncomingEntry]) async throws -> Void
    ) async throws {
        var after: (year: Int, number: Int)? = nil
        var remaining = filter.limit
        var offset = filter.offset
        while remaining > 0 {
            let rows = try await executor.query("""
                SELECT * FROM \(identifier: schema).incoming_entries
                WHERE \(fragment: conditions(filter))
                  AND (\(after?.year)::int IS NULL OR (year, number) > (\(after?.year)::int, \(after?.number)::int))
                ORDER BY year, number
                LIMIT \(min(batch, remaining)) OFFSET \(offset)
                """).rows
            let entries = try rows.map(IncomingEntry.init(row:))
            guard let last = entries.last else { return }
            try await body(entries)
            remaining -= entries.count
            offset = 0
            after = (last.year, last.number)
        }
    }

    /// The WHERE conditions of `filter`, shared by the page and the batches.
    private func conditions(_ filter: RegisterFilter) -> PGQuery {
        let senderPattern = filter.sender.map(SearchFolding.containsPattern)
        let textPattern = filter.text.map(SearchFolding.containsPattern)
        return """
            agency = \(filter.agency) AND register = \(filter.register)
              AND (\(filter.fromDay)::date IS NULL OR arrival_day >= \(filter.fromDay)::date)
              AND (\(filter.toDay)::date IS NULL OR arrival_day <= \(filter.toDay)::date)
              AND (\(filter.number)::int IS NULL OR number = \(filter.number)::int)
              AND (\(filter.year)::int IS NULL OR year = \(filter.year)::int)
              AND (\(filter.sender)::text IS NULL OR sender_code = \(filter.sender) OR sender_folded LIKE \(senderPattern))
              AND (\(textPattern)::text IS NULL OR search_text LIKE \(textPattern))
              AND (\(filter.readableBy)::text IS NULL OR document_id IN (
                    SELECT document_id FROM \(identifier: schema).document_readers WHERE account = \(filter.readableBy)::text))
            """
    }


    // MARK: revocations and links

    /// Marks the sender's document (every line of it in this agency's register) revoked and adds `note` to its ghi
    /// chú; returns the lines marked. A second request after a refusal asks again.
    func markRevoked(
        agency: String, sender: String, edxmlDocumentId: String, revocation: EntryRevocation, note: String, in tx: PGTransaction
    ) async throws -> [UUID] {
        let json = String(decoding: try JSONEncoder().encode(revocation), as: UTF8.self)
        return try await tx.query("""
            UPDATE \(identifier: schema).incoming_entries
            SET revocation = \(json)::jsonb, note = concat_ws(E'\\n', note, \(note)::text)
            WHERE agency = \(agency) AND sender_code = \(sender) AND edxml_document_id = \(edxmlDocumentId)
            RETURNING document_id
            """).rows.map { try $0.decode(UUID.self, "document_id") }
    }

    /// The clerk's answer: the revocation's state, who and when, and a line of ghi chú. False when the line has no
    /// revocation (not registered yet).
    func answerRevocation(
        _ documentId: UUID, agency: String, accepted: Bool, by: String, at: Date, note: String?, line: String, in tx: PGTransaction
    ) async throws -> Bool {
        let state = accepted ? EntryRevocation.State.accepted : .refused
        return try await !tx.query("""
            UPDATE \(identifier: schema).incoming_entries
            SET revocation = revocation || jsonb_build_object('state', \(state.rawValue)::text, 'answeredBy', \(by)::text,
                    'answeredAt', \(at.timeIntervalSinceReferenceDate)::float8, 'answerNote', \(note)::text),
                note = concat_ws(E'\\n', note, \(line)::text)
            WHERE document_id = \(documentId) AND agency = \(agency) AND revocation IS NOT NULL
            RETURNING document_id
            """).rows.isEmpty
    }

    /// Records that `documentId` updates or replaces the sender's earlier documents (idempotent).
    func addLinks(_ e: DocumentUpdated, agency: String, in tx: PGTransaction) async throws {
        guard !e.originals.isEmpty else { return }
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).incoming_links
                (agency, document_id, change, sender_code, original_edxml_document_id, reason, received_at)
            SELECT \(agency), \(e.documentId), \(e.change.rawValue), \(e.sender.code), original, \(e.reason), \(e.receivedAt)
            FROM unnest(\(PGArray.literal(e.originals))::text[]) AS original
            ON CONFLICT DO NOTHING
            """)
    }

    /// The links of one line, both ways, with the linked lines' số đến when they are registered.
    func links(of entry: IncomingEntry, executor: some PGExecutor) async throws -> [EntryLink] {
        let s = schema
        let rows = try await executor.query("""
            SELECT 'changes' AS direction, l.change, l.original_edxml_document_id AS edxml, l.reason,
                   o.document_id, o.number, o.year
            FROM \(identifier: s).incoming_links l
            LEFT JOIN \(identifier: s).incoming_entries o
              ON o.agency = l.agency AND o.sender_code = l.sender_code AND o.edxml_document_id = l.original_edxml_document_id
                 AND o.document_id <> l.document_id
            WHERE l.document_id = \(entry.documentId)
            UNION ALL
            SELECT 'changed_by', l.change, n.edxml_document_id, l.reason, l.document_id, n.number, n.year
            FROM \(identifier: s).incoming_links l
            LEFT JOIN \(identifier: s).incoming_entries n ON n.document_id = l.document_id
            WHERE l.agency = \(entry.agency) AND l.sender_code = \(entry.sender.code)
              AND l.original_edxml_document_id = \(entry.edxmlDocumentId) AND l.document_id <> \(entry.documentId)
            ORDER BY 1, 3
            """).rows
        return try rows.map { r in
            EntryLink(
                direction: EntryLink.Direction(rawValue: try r.decode(String.self, "direction")) ?? .changes,
                change: DocumentUpdated.Change(rawValue: try r.decode(String.self, "change")) ?? .update,
                edxmlDocumentId: try r.decode(String?.self, "edxml") ?? "", documentId: try r.decode(UUID?.self, "document_id"),
                number: try r.decode(Int?.self, "number"), year: try r.decode(Int?.self, "year"), reason: try r.decode(String?.self, "reason"))
        }
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
            registeredAt: try row.decode(Date.self, "registered_at"),
            medium: Medium(rawValue: try row.decode(String.self, "medium")) ?? .electronic,
            language: try row.decode(String?.self, "language"), pageAmount: try row.decode(Int?.self, "page_amount"),
            signerPosition: try row.decode(String?.self, "signer_position"), toPlaces: try row.decode(String?.self, "to_places"),
            documentDescription: try row.decode(String?.self, "document_description"),
            trace: try JSONDecoder().decode([String].self, from: Data(try row.decode(String.self, "trace").utf8)),
            signatureVerdict: try row.decode(String?.self, "signature_verdict"),
            duplicateOf: try row.decode(String?.self, "duplicate_of"),
            registeredBy: try row.decode(String?.self, "registered_by"), closedAt: try row.decode(Date?.self, "closed_at"),
            deadline: try row.decode(Date?.self, "deadline"), completedAt: try row.decode(Date?.self, "completed_at"),
            completion: try row.decode(String?.self, "completion"), answerNumber: try row.decode(String?.self, "answer_number"),
            answeredAt: try row.decode(Date?.self, "answered_at"),
            revocation: try row.decode(String?.self, "revocation").map { try JSONDecoder().decode(EntryRevocation.self, from: Data($0.utf8)) })

    }
}
