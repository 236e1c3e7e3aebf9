import Contracts
import Foundation
import Storage

/// The outgoing registers in PostgreSQL: what numbering knows of leader-signed documents, and the numbers given.
///
/// `take` runs in the clerk's transaction and locks the counter row of agency × series × year until it commits, as
/// the incoming register does: two copies of numbering give numbers one after the other, and a copy killed before
/// its commit gives nothing (its transaction rolls back, the number is still free). The counter also keeps the
/// latest instant given, so a later number never carries an earlier date than the one before it.
struct OutgoingRegisterStore: Sendable {
    let schema: String

    // MARK: What routing and signing tell

    /// `signing.requested` for a leader: type, subject, recipients of the draft (idempotent; later facts win).
    func recordRequested(_ e: SigningRequested, agency: String, in tx: PGTransaction) async throws {
        let recipients = String(decoding: try JSONEncoder().encode(e.recipients ?? []), as: UTF8.self)
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).outgoing_documents
                (document_id, agency, document_type, subject, recipients, signer, signer_name, appendix_count, answers)
            VALUES (\(e.documentId), \(agency), \(e.documentType), \(e.reason), \(recipients)::jsonb, \(e.signer), \(e.signerName),
                    \(e.appendices.count), \(e.answers))
            ON CONFLICT (document_id) DO UPDATE SET
                document_type = EXCLUDED.document_type, subject = EXCLUDED.subject, recipients = EXCLUDED.recipients,
                signer = EXCLUDED.signer, signer_name = coalesce(EXCLUDED.signer_name, outgoing_documents.signer_name),
                appendix_count = EXCLUDED.appendix_count, answers = coalesce(EXCLUDED.answers, outgoing_documents.answers)
            WHERE outgoing_documents.agency = EXCLUDED.agency
            """)
    }

    /// `document.signed`: the leader's signature is on it (it may arrive before the request's details).
    func recordSigned(_ e: DocumentSigned, agency: String, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).outgoing_documents (document_id, agency, signer, signed_at)
            VALUES (\(e.documentId), \(agency), \(e.signer), \(e.signedAt))
            ON CONFLICT (document_id) DO UPDATE SET signed_at = EXCLUDED.signed_at, signer = EXCLUDED.signer
            WHERE outgoing_documents.agency = EXCLUDED.agency
            """)
    }

    /// `document.sealed` with a number: the document is issued. Returns the number it was issued under, nil when
    /// it is not one of ours or the number was withdrawn meanwhile.
    func recordSealed(_ e: DocumentSealed, agency: String, in tx: PGTransaction) async throws -> OutgoingNumber? {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).outgoing_documents
            SET sealed_at = \(e.sealedAt), sealed_sha256 = \(e.sealed.sha256), sealed_size = \(e.sealed.size)
            WHERE document_id = \(e.documentId) AND agency = \(agency) AND \(e.number)::int IS NOT NULL
            """)
        let issued = try await tx.query("""
            UPDATE \(identifier: schema).outgoing_numbers SET state = 'issued'
            WHERE document_id = \(e.documentId) AND agency = \(agency) AND state <> 'withdrawn'
              AND (\(e.number)::int IS NULL OR number = \(e.number)::int)
              AND (\(e.notation)::text IS NULL OR notation = \(e.notation)::text)
            RETURNING *
            """).rows.first.map(OutgoingNumber.init(row:))
        if let issued {
            // The incoming document it answers: "số, ký hiệu văn bản trả lời" of the follow-up register.
            _ = try await tx.query("""
                UPDATE \(identifier: schema).incoming_entries SET answer_number = \(issued.codeText), answered_at = \(e.sealedAt)
                WHERE agency = \(agency) AND closed_at IS NULL AND document_id = (
                    SELECT answers FROM \(identifier: schema).outgoing_documents WHERE document_id = \(e.documentId))
                """)
        }
        return issued
    }

    /// `document.dispatched`: the day it was sent, the earliest when dispatch told more than once. False when the
    /// document is not one of this agency's outgoing documents (a seal made with the command line).
    func recordDispatched(_ e: DocumentDispatched, agency: String, in tx: PGTransaction) async throws -> Bool {
        try await tx.query("""
            UPDATE \(identifier: schema).outgoing_documents
            SET dispatched_at = least(coalesce(dispatched_at, \(e.dispatchedAt)), \(e.dispatchedAt))
            WHERE document_id = \(e.documentId) AND agency = \(agency)
            RETURNING document_id
            """).rows.isEmpty == false
    }

    // MARK: The clerk's numbers

    func document(_ id: UUID, agency: String, forUpdate: Bool = false, executor: some PGExecutor) async throws -> OutgoingDocument? {
        try await executor.query("""
            SELECT * FROM \(identifier: schema).outgoing_documents WHERE document_id = \(id) AND agency = \(agency)
            \(unsafe: forUpdate ? "FOR UPDATE" : "")
            """).rows.first.map(OutgoingDocument.init(row:))
    }

    /// The number the document has, withdrawn ones aside.
    func liveNumber(of id: UUID, executor: some PGExecutor) async throws -> OutgoingNumber? {
        try await executor.query("""
            SELECT * FROM \(identifier: schema).outgoing_numbers WHERE document_id = \(id) AND state <> 'withdrawn'
            """).rows.first.map(OutgoingNumber.init(row:))
    }

    /// Takes the next number of `register` for the year of `now` (Vietnam time) and gives it to the document.
    func take(
        document: UUID, agency: String, register: String, notation: (Int) -> String, now: Date, by clerk: String, unit: String?,
        in tx: PGTransaction
    ) async throws -> OutgoingNumber {
        let year = VietnamTime.year(of: now)
        let counter = try await tx.query("""
            INSERT INTO \(identifier: schema).register_counters AS c (agency, register, year, last_number, last_issued_at)
            VALUES (\(agency), \(register), \(year), 1, \(now))
            ON CONFLICT (agency, register, year) DO UPDATE
                SET last_number = c.last_number + 1, last_issued_at = greatest(c.last_issued_at, EXCLUDED.last_issued_at)
            RETURNING last_number, last_issued_at
            """).rows[0]
        let number = try counter.decode(Int.self, "last_number")
        let issuedAt = try counter.decode(Date.self, "last_issued_at")
        return try await tx.query("""
            INSERT INTO \(identifier: schema).outgoing_numbers
                (agency, register, year, number, notation, document_id, issued_at, state, numbered_by, unit)
            VALUES (\(agency), \(register), \(year), \(number), \(notation(year)), \(document), \(issuedAt), 'numbered', \(clerk), \(unit))
            RETURNING *
            """).rows.map(OutgoingNumber.init(row:))[0]
    }

    /// Withdraws the document's number if it is not issued; returns it, or nil when it has none.
    func withdraw(document: UUID, reason: String, by clerk: String, at: Date, in tx: PGTransaction) async throws -> OutgoingNumber? {
        try await tx.query("""
            UPDATE \(identifier: schema).outgoing_numbers
            SET state = 'withdrawn', withdrawn_reason = \(reason), withdrawn_by = \(clerk), withdrawn_at = \(at)
            WHERE document_id = \(document) AND state = 'numbered'
            RETURNING *
            """).rows.first.map(OutgoingNumber.init(row:))
    }

    /// Leader-signed documents of the agency with no live number yet (the clerk's queue), oldest signature first.
    func awaiting(agency: String, limit: Int, executor: some PGExecutor) async throws -> [OutgoingDocument] {
        try await executor.query("""
            SELECT d.* FROM \(identifier: schema).outgoing_documents d
            WHERE d.agency = \(agency) AND d.signed_at IS NOT NULL AND d.sealed_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM \(identifier: schema).outgoing_numbers n
                              WHERE n.document_id = d.document_id AND n.state <> 'withdrawn')
            ORDER BY d.signed_at, d.document_id LIMIT \(limit)
            """).rows.map(OutgoingDocument.init(row:))
    }

    /// Register lines: newest first for the screen, register order (series, year, number) for the print.
    func entries(_ f: OutgoingFilter, executor: some PGExecutor) async throws -> [OutgoingEntry] {
        let order = f.registerOrder ? "n.register, n.year, n.number" : "n.issued_at DESC, n.register DESC, n.number DESC"
        let (atMicros, afterRegister, afterNumber) = (f.cursor?.issuedAtMicros, f.cursor?.register, f.cursor?.number)
        return try await executor.query("""
            SELECT n.*, d.document_type, d.subject, d.recipients::text AS recipients, d.signer, d.signer_name, d.appendix_count,
                   d.signed_at, d.sealed_at, d.sealed_sha256, d.sealed_size, d.dispatched_at
            FROM \(identifier: schema).outgoing_numbers n JOIN \(identifier: schema).outgoing_documents d USING (document_id)
            WHERE n.agency = \(f.agency)
              AND (\(f.register)::text IS NULL OR n.register = \(f.register)::text)
              AND (\(f.year)::int IS NULL OR n.year = \(f.year)::int)
              AND (\(f.number)::int IS NULL OR n.number = \(f.number)::int)
              AND (\(atMicros)::bigint IS NULL OR (n.issued_at, n.register, n.number)
                   < (timestamptz 'epoch' + \(atMicros)::bigint * interval '1 microsecond', \(afterRegister)::text, \(afterNumber)::int))
            ORDER BY \(unsafe: order) LIMIT \(f.limit)
            """).rows.map { OutgoingEntry(number: try OutgoingNumber(row: $0), document: try OutgoingDocument(row: $0)) }
    }
}

/// What the clerk asks of the outgoing register.
struct OutgoingFilter: Sendable {
    var agency: String
    var register: String?
    var year: Int?
    var number: Int?
    /// Keyset: the lines after this one, newest first (the `next` of the previous page).
    var cursor: OutgoingCursor?
    var limit = 50
    /// Series, year, number (the print) instead of newest first.
    var registerOrder = false
}

/// A place in the newest-first listing: the instant given (microseconds), the series and the number, as
/// `1773650400000000~VBDI-CV~12`.
struct OutgoingCursor: Sendable, Equatable {
    var issuedAtMicros: Int64
    var register: String
    var number: Int

    init(after n: OutgoingNumber) {
        issuedAtMicros = Int64((n.issuedAt.timeIntervalSince1970 * 1_000_000).rounded())
        register = n.register
        number = n.number
    }

    init?(_ text: String) {
        let parts = text.split(separator: "~", omittingEmptySubsequences: false)
        guard parts.count == 3, let micros = Int64(parts[0]), let number = Int(parts[2]), number > 0, number <= Int(Int32.max),
            !parts[1].isEmpty, parts[1].count <= 40
        else { return nil }
        issuedAtMicros = micros
        register = String(parts[1])
        self.number = number
    }

    var text: String { "\(issuedAtMicros)~\(register)~\(number)" }
}

extension OutgoingDocument {
    init(row: PGRow) throws {
        let recipients = try row.decode(String?.self, "recipients") ?? "[]"
        self.init(
            documentId: try row.decode(UUID.self, "document_id"), agency: try row.decode(String.self, "agency"),
            documentType: try row.decode(String?.self, "document_type"), subject: try row.decode(String?.self, "subject"),
            recipients: try JSONDecoder().decode([String].self, from: Data(recipients.utf8)), signer: try row.decode(String?.self, "signer"),
            signerName: try row.decode(String?.self, "signer_name"), appendixCount: try row.decode(Int.self, "appendix_count"),
            signedAt: try row.decode(Date?.self, "signed_at"), sealedAt: try row.decode(Date?.self, "sealed_at"),
            sealed: try row.decode(String?.self, "sealed_sha256").map {
                BlobRef(sha256: $0, size: try row.decode(Int64?.self, "sealed_size") ?? 0, mediaType: "application/pdf")
            },
            dispatchedAt: try row.decode(Date?.self, "dispatched_at"))
    }
}

extension OutgoingNumber {
    init(row: PGRow) throws {
        let stateText = try row.decode(String.self, "state")
        guard let state = State(rawValue: stateText) else { throw PGError(code: .decoding, message: "unknown number state \(stateText)") }
        self.init(
            agency: try row.decode(String.self, "agency"), register: try row.decode(String.self, "register"),
            year: try row.decode(Int.self, "year"), number: try row.decode(Int.self, "number"),
            notation: try row.decode(String.self, "notation"), documentId: try row.decode(UUID.self, "document_id"),
            issuedAt: try row.decode(Date.self, "issued_at"), state: state, numberedBy: try row.decode(String.self, "numbered_by"),
            unit: try row.decode(String?.self, "unit"), withdrawnReason: try row.decode(String?.self, "withdrawn_reason"),
            withdrawnBy: try row.decode(String?.self, "withdrawn_by"), withdrawnAt: try row.decode(Date?.self, "withdrawn_at"))
    }
}
