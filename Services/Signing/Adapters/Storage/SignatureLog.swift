import Contracts
import Foundation
import Storage

/// One row of `signature_log`: the signature made for a request (or for a document's numbering).
struct SignatureRecord: Sendable, Equatable {
    var requestId: UUID
    var documentId: UUID
    var kind: String
    var signer: String
    var input: String
    var output: BlobRef
    var appendices: [AttachmentRef]
    var signedAt: Date
    /// For `numbered`: the số/ký hiệu written (`05/UBND-KT`); one seal per document and number.
    var numberText: String? = nil
}

/// The signature log in the service's schema, used inside the handler's transaction.
struct SignatureLog: Sendable {
    let schema: String

    func find(request: UUID, on db: some PGExecutor) async throws -> SignatureRecord? {
        try await rows(db.query("\(unsafe: Self.columns) FROM \(identifier: schema).signature_log WHERE request_id = \(request)")).first
    }

    /// The newest row of `kind` for a document.
    func latest(document: UUID, kind: String, on db: some PGExecutor) async throws -> SignatureRecord? {
        try await rows(db.query("""
            \(unsafe: Self.columns) FROM \(identifier: schema).signature_log WHERE document_id = \(document) AND kind = \(kind)
            ORDER BY signed_at DESC LIMIT 1
            """)).first
    }

    /// The seal made for the document under `numberText`.
    func numbered(document: UUID, numberText: String, on db: some PGExecutor) async throws -> SignatureRecord? {
        try await rows(db.query("""
            \(unsafe: Self.columns) FROM \(identifier: schema).signature_log
            WHERE document_id = \(document) AND kind = 'numbered' AND number_text = \(numberText)
            """)).first
    }

    /// Inserts the row unless one exists for the request (or, for `numbered`, for the document and number); returns the
    /// row that stands.
    func record(_ r: SignatureRecord, on db: some PGExecutor) async throws -> SignatureRecord {
        let appendices = String(decoding: try JSONEncoder().encode(r.appendices), as: UTF8.self)
        let inserted = try await db.query("""
            INSERT INTO \(identifier: schema).signature_log
                (request_id, document_id, kind, signer, input_sha256, output_sha256, output_size, appendices, signed_at, number_text)
            VALUES (\(r.requestId), \(r.documentId), \(r.kind), \(r.signer), \(r.input), \(r.output.sha256), \(r.output.size),
                    \(appendices), \(r.signedAt), \(r.numberText))
            ON CONFLICT DO NOTHING RETURNING request_id
            """).rows
        if !inserted.isEmpty { return r }
        let existing = if r.kind == "numbered", let text = r.numberText {
            try await numbered(document: r.documentId, numberText: text, on: db)
        } else {
            try await find(request: r.requestId, on: db)
        }
        guard let existing else { throw TransientErrorLike("signature_log conflict without a row for \(r.requestId)") }
        return existing
    }

    private static let columns =
        "SELECT request_id, document_id, kind, signer, input_sha256, output_sha256, output_size, appendices, signed_at, number_text"

    private func rows(_ result: PGResult) throws -> [SignatureRecord] {
        try result.rows.map { row in
            SignatureRecord(
                requestId: try row.decode(UUID.self, "request_id"), documentId: try row.decode(UUID.self, "document_id"),
                kind: try row.decode(String.self, "kind"), signer: try row.decode(String.self, "signer"),
                input: try row.decode(String.self, "input_sha256"),
                output: BlobRef(
                    sha256: try row.decode(String.self, "output_sha256"), size: try row.decode(Int64.self, "output_size"),
                    mediaType: "application/pdf"),
                appendices: try JSONDecoder().decode([AttachmentRef].self, from: Data(try row.decode(String.self, "appendices").utf8)),
                signedAt: try row.decode(Date.self, "signed_at"), numberText: try row.decode(String?.self, "number_text"))
        }
    }
}

struct TransientErrorLike: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
