import Contracts
import Foundation
import Storage

/// Reads what dispatch needs of an issued draft (`document.issued`) from routing's tables, in the transaction that
/// marks it issued: the agency, the recipients with their names when they are agencies known here, the current
/// version's type and subject, the head who approved it (SignerInfo), and the incoming document it answers.
struct IssuedDocumentReader: Sendable {
    let schema: String

    func read(_ sealed: DocumentSealed, number: Int, notation: String, agency: String, in tx: PGTransaction) async throws -> DocumentIssued? {
        let store = DraftStore(schema: schema)
        guard let draft = try await store.draft(sealed.documentId, agency: agency, on: tx),
            let version = try await store.versions(draft.id, only: draft.currentVersion, on: tx).first
        else { return nil }
        let agencyName = try await name(of: agency, in: tx) ?? agency
        var recipients: [Organization] = []
        for code in version.recipients {
            recipients.append(Organization(code: code, name: try await name(of: code, in: tx) ?? code))
        }
        let signer = try await signer(draft, agencyName: agencyName, in: tx)
        return DocumentIssued(
            documentId: draft.id, agency: Organization(code: agency, name: agencyName), recipients: recipients, number: number,
            notation: notation, issuedOn: sealed.issuedOn ?? sealed.sealedAt, documentType: version.documentType, subject: version.subject,
            content: nil, signer: signer, steeringType: 0, dueDate: nil,
            responseFor: try await draft.answers.asyncFlatMap { try await responseFor($0, agency: agency, in: tx) },
            changes: try await draft.changes.asyncFlatMap { try await change($0, agency: agency, store: store, in: tx) },
            sealed: sealed.sealed, appendices: sealed.appendices, issuedAt: sealed.sealedAt)
    }

    /// The earlier issued document the draft updates or replaces, named by its số/ký hiệu and date (drafting refuses
    /// an original that is not issued, so only a document withdrawn since then lacks them: then nothing is named).
    private func change(_ change: DraftChange, agency: String, store: DraftStore, in tx: PGTransaction) async throws -> DocumentIssued.Change? {
        guard let original = try await store.draft(change.draft, agency: agency, on: tx), let code = original.issuedNumber,
            let issuedOn = original.issuedOn
        else { return nil }
        return DocumentIssued.Change(kind: change.kind, original: original.id, originalCode: code, originalIssuedOn: issuedOn)
    }

    private func name(of code: String, in tx: PGTransaction) async throws -> String? {
        try await tx.query("SELECT name FROM \(identifier: schema).agencies WHERE code = \(code)").rows.first?.decode(String.self, "name")
    }

    /// The leader whose approval requested the signature (the latest `approved` decision), on whose behalf when delegated.
    private func signer(_ draft: Draft, agencyName: String, in tx: PGTransaction) async throws -> DocumentIssued.Signer {
        let row = try await tx.query("""
            SELECT coalesce(c.on_behalf_of, c.author) AS account FROM \(identifier: schema).draft_comments c
            WHERE c.draft_id = \(draft.id) AND c.kind = 'approved' ORDER BY c.id DESC LIMIT 1
            """).rows.first
        guard let account = try row?.decode(String.self, "account"), let user = try await Directory.user(account, schema: schema, on: tx) else {
            return DocumentIssued.Signer(account: "", fullName: "", position: "", competence: "")
        }
        let title = SignerTitle.of(roles: user.roles, agencyName: agencyName)
        return DocumentIssued.Signer(account: account, fullName: user.fullName, position: title.position, competence: title.competence)
    }

    private func responseFor(_ incoming: UUID, agency: String, in tx: PGTransaction) async throws -> DocumentIssued.ResponseFor? {
        guard let r = try await tx.query("""
            SELECT edxml_document_id, sender_code, sender_name, code_number, code_notation, promulgation_date
            FROM \(identifier: schema).incoming_documents WHERE document_id = \(incoming) AND agency = \(agency)
            """).rows.first,
            let edxmlId = try r.decode(String?.self, "edxml_document_id"), let senderCode = try r.decode(String?.self, "sender_code")
        else { return nil }
        let number = try r.decode(String?.self, "code_number") ?? ""
        let notation = try r.decode(String?.self, "code_notation") ?? ""
        return DocumentIssued.ResponseFor(
            edxmlDocumentId: edxmlId, code: notation.isEmpty ? number : "\(number)/\(notation)",
            promulgationDate: try r.decode(Date?.self, "promulgation_date"),
            sender: Organization(code: senderCode, name: try r.decode(String?.self, "sender_name") ?? senderCode))
    }
}

extension Optional {
    fileprivate func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
