import Contracts
import Foundation
import Storage

/// The archive's one record of a document (`search_documents`, its readers in `search_readers`; migration 21): what
/// dossiers list and file, and what the search finds. One row each, whatever the number of dossiers it sits in,
/// written from the events that describe it; later facts fill in what earlier ones left out, in whatever order they
/// arrive. Every writer is an idempotent upsert of the columns its event knows (redeliveries, separate queues).
struct DocumentCatalog: Sendable {
    let schema: String

    /// `document.received`: an incoming document with its metadata, packet, the sender's signature verdict and the
    /// text of its PDF attachments.
    func recordReceived(_ e: DocumentReceived, agency: String, body: DocumentBody = .empty, in tx: some PGExecutor) async throws {
        let signature = SignatureRecord(
            kind: "packet", signer: e.signer, verdict: e.signer != nil ? "valid" : (e.signatureWarnings?.isEmpty == false ? "unverified" : "absent"),
            at: e.receivedAt, sha256: e.packet.sha256, notes: e.signatureWarnings)
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).search_documents AS d (
                document_id, agency, direction, code_number, code_notation, document_type, subject, sender_code, sender_name,
                signer_name, promulgation_date, day, body, body_files, body_truncated, main, attachments, issued, signatures)
            VALUES (
                \(e.documentId), \(agency), 'incoming', \(e.codeNumber), \(e.codeNotation), \(e.documentType), \(e.subject),
                \(e.sender.code), \(e.sender.name), \(e.signerName), \(e.promulgationDate), \(VietnamDay.iso(e.receivedAt))::date,
                \(body.text), \(body.files), \(body.truncated), \(try JSONColumn.text(e.packet))::jsonb,
                \(try JSONColumn.text(e.attachments))::jsonb, true, \(try JSONColumn.text([signature]))::jsonb)
            ON CONFLICT (document_id) DO UPDATE SET
                code_number = EXCLUDED.code_number, code_notation = EXCLUDED.code_notation,
                document_type = EXCLUDED.document_type, subject = EXCLUDED.subject, sender_code = EXCLUDED.sender_code,
                sender_name = EXCLUDED.sender_name, signer_name = EXCLUDED.signer_name,
                promulgation_date = EXCLUDED.promulgation_date, day = EXCLUDED.day, body = EXCLUDED.body,
                body_files = EXCLUDED.body_files, body_truncated = EXCLUDED.body_truncated, main = EXCLUDED.main,
                attachments = EXCLUDED.attachments, issued = true, signatures = EXCLUDED.signatures, indexed_at = now()
            WHERE d.agency = EXCLUDED.agency
            """)
    }

    /// `document.registered`: the số đến, register and year.
    func recordRegistered(_ e: DocumentRegistered, agency: String, in tx: some PGExecutor) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).search_documents AS d (document_id, agency, direction, register, year, number, issued)
            VALUES (\(e.documentId), \(agency), 'incoming', \(e.register), \(e.year), \(e.number), true)
            ON CONFLICT (document_id) DO UPDATE SET register = EXCLUDED.register, year = EXCLUDED.year, number = EXCLUDED.number
            WHERE d.agency = EXCLUDED.agency
            """)
    }

    /// `task.assigned`: the assignee may find and file the document; the main handler owns it for automatic filing.
    func recordAssignment(_ e: TaskAssigned, agency: String, in tx: some PGExecutor) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).search_documents AS d (document_id, agency, direction, owner, issued)
            VALUES (\(e.documentId), \(agency), 'incoming', \(e.role == .main ? e.assignee : nil), true)
            ON CONFLICT (document_id) DO UPDATE SET owner = coalesce(EXCLUDED.owner, d.owner)
            WHERE d.agency = EXCLUDED.agency
            """)
        try await addReader(e.assignee, to: e.documentId, agency: agency, in: tx)
    }

    /// Need to know, as numbering's register: who took part in the document's work may find and file it.
    func addReader(_ account: String, to document: UUID, agency: String, in tx: some PGExecutor) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).search_readers (document_id, account, agency)
            VALUES (\(document), \(account), \(agency)) ON CONFLICT DO NOTHING
            """)
    }

    /// `signing.requested` for an approved draft: an outgoing document, not issued yet; its type, subject (the
    /// request's reason), signer, author and the document it answers.
    func recordRequested(_ e: SigningRequested, agency: String, in tx: some PGExecutor) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).search_documents AS d (
                document_id, agency, direction, document_type, subject, signer_name, answers, owner, attachments)
            VALUES (\(e.documentId), \(agency), 'outgoing', \(e.documentType), \(e.reason), \(e.signerName), \(e.answers),
                    \(e.author), \(try JSONColumn.text(e.appendices))::jsonb)
            ON CONFLICT (document_id) DO UPDATE SET
                document_type = EXCLUDED.document_type, subject = EXCLUDED.subject, signer_name = EXCLUDED.signer_name,
                answers = coalesce(EXCLUDED.answers, d.answers), owner = coalesce(EXCLUDED.owner, d.owner)
            WHERE d.agency = EXCLUDED.agency
            """)
        if let author = e.author { try await addReader(author, to: e.documentId, agency: agency, in: tx) }
        try await addReader(e.signer, to: e.documentId, agency: agency, in: tx)
    }

    /// `document.signed`: the leader's signature, made by the signing service.
    func recordSigned(_ e: DocumentSigned, agency: String, in tx: some PGExecutor) async throws {
        try await appendSignature(
            SignatureRecord(kind: "leader", signer: e.signer, verdict: "made", at: e.signedAt, sha256: e.signed.sha256, notes: nil),
            to: e.documentId, agency: agency, in: tx)
    }

    /// `document.sealed` with a number: issued; its số/ký hiệu, day, the sealed PDF (the document's main content from
    /// now on) and the text of it and its appendices.
    func recordSealed(_ e: DocumentSealed, agency: String, body: DocumentBody = .empty, in tx: some PGExecutor) async throws {
        let day = e.issuedOn.map(VietnamDay.iso) ?? VietnamDay.iso(e.sealedAt)
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).search_documents AS d (
                document_id, agency, direction, year, number, code_number, code_notation, promulgation_date, day, body,
                body_files, body_truncated, main, attachments, issued)
            VALUES (
                \(e.documentId), \(agency), 'outgoing', \(Int(day.prefix(4))), \(e.number), \(e.number.map(Self.twoDigits)),
                \(e.notation), \(e.issuedOn), \(day)::date, \(body.text), \(body.files), \(body.truncated),
                \(try JSONColumn.text(e.sealed))::jsonb, \(try JSONColumn.text(e.appendices))::jsonb, true)
            ON CONFLICT (document_id) DO UPDATE SET
                year = EXCLUDED.year, number = EXCLUDED.number, code_number = EXCLUDED.code_number,
                code_notation = EXCLUDED.code_notation, promulgation_date = coalesce(EXCLUDED.promulgation_date, d.promulgation_date),
                day = EXCLUDED.day, body = EXCLUDED.body, body_files = EXCLUDED.body_files, body_truncated = EXCLUDED.body_truncated,
                main = EXCLUDED.main, attachments = EXCLUDED.attachments, issued = true, indexed_at = now()
            WHERE d.agency = EXCLUDED.agency
            """)
        try await appendSignature(
            SignatureRecord(kind: "seal", signer: agency, verdict: "made", at: e.sealedAt, sha256: e.sealed.sha256, notes: nil),
            to: e.documentId, agency: agency, in: tx)
    }

    private func appendSignature(_ s: SignatureRecord, to document: UUID, agency: String, in tx: some PGExecutor) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).search_documents (document_id, agency, direction)
            VALUES (\(document), \(agency), 'outgoing') ON CONFLICT (document_id) DO NOTHING
            """)
        // A redelivered event must not add the same signature twice.
        _ = try await tx.query("""
            UPDATE \(identifier: schema).search_documents SET signatures = signatures || \(try JSONColumn.text([s]))::jsonb
            WHERE document_id = \(document) AND agency = \(agency)
              AND NOT signatures @> \(try JSONColumn.text([["kind": s.kind, "sha256": s.sha256 ?? ""]]))::jsonb
            """)
    }

    /// A row for a document whose description has not arrived yet (events come on separate queues).
    func ensure(_ document: UUID, direction: ArchivedDocument.Direction, owner: String?, agency: String, in tx: some PGExecutor) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).search_documents AS d (document_id, agency, direction, owner, issued)
            VALUES (\(document), \(agency), \(direction.rawValue), \(owner), \(direction == .incoming))
            ON CONFLICT (document_id) DO UPDATE SET owner = coalesce(d.owner, EXCLUDED.owner)
            WHERE d.agency = EXCLUDED.agency
            """)
    }

    func document(_ id: UUID, agency: String, executor: some PGExecutor) async throws -> ArchivedDocument? {
        try await executor.query("""
            SELECT \(unsafe: Self.columns) FROM \(identifier: schema).search_documents d WHERE d.document_id = \(id) AND d.agency = \(agency)
            """).rows.first.map(Self.document(row:))
    }

    /// Whether `account` took part in the document's work (assigned to it, drafted or signed it).
    func isReader(_ account: String, of document: UUID, executor: some PGExecutor) async throws -> Bool {
        !(try await executor.query("""
            SELECT 1 FROM \(identifier: schema).search_readers WHERE document_id = \(document) AND account = \(account)
            """).rows.isEmpty)
    }

    /// The answers of an incoming document that are issued.
    func issuedAnswers(of document: UUID, agency: String, executor: some PGExecutor) async throws -> [UUID] {
        try await executor.query("""
            SELECT document_id FROM \(identifier: schema).search_documents WHERE answers = \(document) AND agency = \(agency) AND issued
            """).rows.map { try $0.decode(UUID.self, "document_id") }
    }

    /// Documents of the agency `account` owns (handled or drafted) and that sit in no dossier: theirs to file by hand.
    func unfiled(owner: String, agency: String, limit: Int, executor: some PGExecutor) async throws -> [ArchivedDocument] {
        try await executor.query("""
            SELECT \(unsafe: Self.columns) FROM \(identifier: schema).search_documents d
            WHERE d.agency = \(agency) AND d.owner = \(owner) AND d.issued AND d.subject IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM \(identifier: schema).dossier_documents f WHERE f.document_id = d.document_id)
            ORDER BY d.promulgation_date DESC NULLS LAST, d.document_id LIMIT \(limit)
            """).rows.map(Self.document(row:))
    }

    /// The record's columns a dossier shows (not the PDFs' text nor its vectors), of `search_documents d`.
    static let columns = """
        d.document_id, d.agency, d.direction, d.document_type, d.subject, d.code_number, d.code_notation, d.promulgation_date,
        d.sender_name, d.signer_name, d.number, d.main, d.attachments, d.answers, d.owner, d.issued, d.signatures
        """

    static func document(row r: PGRow) throws -> ArchivedDocument {
        let direction = ArchivedDocument.Direction(rawValue: try r.decode(String.self, "direction")) ?? .incoming
        return ArchivedDocument(
            documentId: try r.decode(UUID.self, "document_id"), agency: try r.decode(String.self, "agency"), direction: direction,
            documentType: try r.decode(String?.self, "document_type"), subject: try r.decode(String?.self, "subject"),
            code: ArchivedDocument.code(number: try r.decode(String?.self, "code_number"), notation: try r.decode(String?.self, "code_notation")),
            documentDate: try r.decode(Date?.self, "promulgation_date"),
            party: try r.decode(String?.self, direction == .incoming ? "sender_name" : "signer_name"),
            registerNumber: direction == .incoming ? try r.decode(Int?.self, "number") : nil,
            main: try r.decode(String?.self, "main").map { try JSONColumn.value(BlobRef.self, $0) },
            attachments: try JSONColumn.value([AttachmentRef].self, try r.decode(String.self, "attachments")),
            answers: try r.decode(UUID?.self, "answers"), owner: try r.decode(String?.self, "owner"),
            issued: try r.decode(Bool.self, "issued"),
            signatures: try JSONColumn.value([SignatureRecord].self, try r.decode(String.self, "signatures")))
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
