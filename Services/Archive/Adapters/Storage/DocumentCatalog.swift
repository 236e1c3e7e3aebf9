import Contracts
import Foundation
import Storage

/// The documents the archive knows (one row each, whatever the number of dossiers they sit in), written from the
/// events that describe them; later facts fill in what earlier ones left out, in whatever order they arrive.
struct DocumentCatalog: Sendable {
    let schema: String

    /// `document.received`: an incoming document with its metadata, packet and the sender's signature verdict.
    func recordReceived(_ e: DocumentReceived, agency: String, in tx: PGTransaction) async throws {
        let signature = SignatureRecord(
            kind: "packet", signer: e.signer, verdict: e.signer != nil ? "valid" : (e.signatureWarnings?.isEmpty == false ? "unverified" : "absent"),
            at: e.receivedAt, sha256: e.packet.sha256, notes: e.signatureWarnings)
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).documents
                (document_id, agency, direction, document_type, subject, code, document_date, party, main, attachments, issued, signatures)
            VALUES (\(e.documentId), \(agency), 'incoming', \(e.documentType), \(e.subject), \("\(e.codeNumber)/\(e.codeNotation)"),
                    \(e.promulgationDate), \(e.sender.name), \(try JSONColumn.text(e.packet))::jsonb, \(try JSONColumn.text(e.attachments))::jsonb,
                    true, \(try JSONColumn.text([signature]))::jsonb)
            ON CONFLICT (document_id) DO UPDATE SET
                document_type = EXCLUDED.document_type, subject = EXCLUDED.subject, code = EXCLUDED.code,
                document_date = EXCLUDED.document_date, party = EXCLUDED.party, main = EXCLUDED.main,
                attachments = EXCLUDED.attachments, issued = true, signatures = EXCLUDED.signatures
            WHERE documents.agency = EXCLUDED.agency
            """)
    }

    /// `document.registered`: the số đến.
    func recordRegistered(_ e: DocumentRegistered, agency: String, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).documents (document_id, agency, direction, register_number, issued)
            VALUES (\(e.documentId), \(agency), 'incoming', \(e.number), true)
            ON CONFLICT (document_id) DO UPDATE SET register_number = EXCLUDED.register_number WHERE documents.agency = EXCLUDED.agency
            """)
    }

    /// `task.assigned`: the assignee may file the document; the main handler owns it for automatic filing.
    func recordAssignment(_ e: TaskAssigned, agency: String, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).documents (document_id, agency, direction, owner, issued)
            VALUES (\(e.documentId), \(agency), 'incoming', \(e.role == .main ? e.assignee : nil), true)
            ON CONFLICT (document_id) DO UPDATE SET owner = coalesce(EXCLUDED.owner, documents.owner)
            WHERE documents.agency = EXCLUDED.agency
            """)
        try await addReader(e.assignee, to: e.documentId, in: tx)
    }

    func addReader(_ account: String, to document: UUID, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).document_readers (document_id, account) VALUES (\(document), \(account))
            ON CONFLICT DO NOTHING
            """)
    }

    /// `signing.requested` for an approved draft: an outgoing document, not issued yet.
    func recordRequested(_ e: SigningRequested, agency: String, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).documents
                (document_id, agency, direction, document_type, subject, party, answers, owner, attachments)
            VALUES (\(e.documentId), \(agency), 'outgoing', \(e.documentType), \(e.reason), \(e.signerName ?? e.signer), \(e.answers),
                    \(e.author), \(try JSONColumn.text(e.appendices))::jsonb)
            ON CONFLICT (document_id) DO UPDATE SET
                document_type = EXCLUDED.document_type, subject = EXCLUDED.subject, party = EXCLUDED.party,
                answers = coalesce(EXCLUDED.answers, documents.answers), owner = coalesce(EXCLUDED.owner, documents.owner)
            WHERE documents.agency = EXCLUDED.agency
            """)
        if let author = e.author { try await addReader(author, to: e.documentId, in: tx) }
        try await addReader(e.signer, to: e.documentId, in: tx)
    }

    /// `document.signed`: the leader's signature, made by the signing service.
    func recordSigned(_ e: DocumentSigned, agency: String, in tx: PGTransaction) async throws {
        try await appendSignature(
            SignatureRecord(kind: "leader", signer: e.signer, verdict: "made", at: e.signedAt, sha256: e.signed.sha256, notes: nil),
            to: e.documentId, agency: agency, in: tx)
    }

    /// `document.sealed` with a number: issued; the sealed PDF is the document's main content from now on.
    func recordSealed(_ e: DocumentSealed, agency: String, in tx: PGTransaction) async throws {
        let code = e.number.map { DocumentNumbered.codeText(number: $0, notation: e.notation ?? "") }
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).documents (document_id, agency, direction)
            VALUES (\(e.documentId), \(agency), 'outgoing') ON CONFLICT (document_id) DO NOTHING
            """)
        _ = try await tx.query("""
            UPDATE \(identifier: schema).documents SET
                main = \(try JSONColumn.text(e.sealed))::jsonb, attachments = \(try JSONColumn.text(e.appendices))::jsonb,
                code = coalesce(\(code), code), document_date = coalesce(\(e.issuedOn), document_date), issued = true
            WHERE document_id = \(e.documentId) AND agency = \(agency)
            """)
        try await appendSignature(
            SignatureRecord(kind: "seal", signer: agency, verdict: "made", at: e.sealedAt, sha256: e.sealed.sha256, notes: nil),
            to: e.documentId, agency: agency, in: tx)
    }

    private func appendSignature(_ s: SignatureRecord, to document: UUID, agency: String, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).documents (document_id, agency, direction)
            VALUES (\(document), \(agency), 'outgoing') ON CONFLICT (document_id) DO NOTHING
            """)
        // A redelivered event must not add the same signature twice.
        _ = try await tx.query("""
            UPDATE \(identifier: schema).documents SET signatures = signatures || \(try JSONColumn.text([s]))::jsonb
            WHERE document_id = \(document) AND agency = \(agency)
              AND NOT signatures @> \(try JSONColumn.text([["kind": s.kind, "sha256": s.sha256 ?? ""]]))::jsonb
            """)
    }

    /// A row for a document whose description has not arrived yet (events come on separate queues).
    func ensure(_ document: UUID, direction: ArchivedDocument.Direction, owner: String?, agency: String, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).documents (document_id, agency, direction, owner, issued)
            VALUES (\(document), \(agency), \(direction.rawValue), \(owner), \(direction == .incoming))
            ON CONFLICT (document_id) DO UPDATE SET owner = coalesce(documents.owner, EXCLUDED.owner)
            WHERE documents.agency = EXCLUDED.agency
            """)
    }

    func document(_ id: UUID, agency: String, executor: some PGExecutor) async throws -> ArchivedDocument? {
        try await executor.query("""
            SELECT * FROM \(identifier: schema).documents WHERE document_id = \(id) AND agency = \(agency)
            """).rows.first.map(Self.document(row:))
    }

    /// Whether `account` took part in the document's work (assigned to it, drafted or signed it).
    func isReader(_ account: String, of document: UUID, executor: some PGExecutor) async throws -> Bool {
        !(try await executor.query("""
            SELECT 1 FROM \(identifier: schema).document_readers WHERE document_id = \(document) AND account = \(account)
            """).rows.isEmpty)
    }

    /// The answers of an incoming document that are issued.
    func issuedAnswers(of document: UUID, agency: String, executor: some PGExecutor) async throws -> [UUID] {
        try await executor.query("""
            SELECT document_id FROM \(identifier: schema).documents WHERE answers = \(document) AND agency = \(agency) AND issued
            """).rows.map { try $0.decode(UUID.self, "document_id") }
    }

    /// Documents of the agency `account` owns (handled or drafted) and that sit in no dossier: theirs to file by hand.
    func unfiled(owner: String, agency: String, limit: Int, executor: some PGExecutor) async throws -> [ArchivedDocument] {
        try await executor.query("""
            SELECT d.* FROM \(identifier: schema).documents d
            WHERE d.agency = \(agency) AND d.owner = \(owner) AND d.issued AND d.subject IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM \(identifier: schema).dossier_documents f WHERE f.document_id = d.document_id)
            ORDER BY d.document_date DESC NULLS LAST, d.document_id LIMIT \(limit)
            """).rows.map(Self.document(row:))
    }

    static func document(row r: PGRow) throws -> ArchivedDocument {
        ArchivedDocument(
            documentId: try r.decode(UUID.self, "document_id"), agency: try r.decode(String.self, "agency"),
            direction: ArchivedDocument.Direction(rawValue: try r.decode(String.self, "direction")) ?? .incoming,
            documentType: try r.decode(String?.self, "document_type"), subject: try r.decode(String?.self, "subject"),
            code: try r.decode(String?.self, "code"), documentDate: try r.decode(Date?.self, "document_date"),
            party: try r.decode(String?.self, "party"), registerNumber: try r.decode(Int?.self, "register_number"),
            main: try r.decode(String?.self, "main").map { try JSONColumn.value(BlobRef.self, $0) },
            attachments: try JSONColumn.value([AttachmentRef].self, try r.decode(String.self, "attachments")),
            answers: try r.decode(UUID?.self, "answers"), owner: try r.decode(String?.self, "owner"),
            issued: try r.decode(Bool.self, "issued"),
            signatures: try JSONColumn.value([SignatureRecord].self, try r.decode(String.self, "signatures")))
    }
}
