import Auth
import BlobStore
import Contracts
import Foundation
import Hummingbird
import ServiceKit
import Storage

/// The clerk's side of the incoming register: list and search, one document with its attachments, and the
/// printable register as PDF and CSV. Every route needs a role of the agency named in the path; what it shows
/// follows `RegisterAccess` (clerk and leaders: everything; others: the documents assigned to them; the print: clerk
/// and leaders only).
struct IncomingRegisterRoutes: Sendable {
    let database: PGClient
    let store: IncomingRegisterStore
    let blobs: any BlobStore
    let agencies: AgencyDirectory

    static let roles: Set<Role> = [.clerk, .head, .deputy, .departmentHead, .specialist, .admin]

    func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("agencies/:agency/registers")
            .add(middleware: RequireRoles(Self.roles, agencyParameter: "agency"))
        group.get("incoming.pdf", use: { try await pdf($0, $1, kind: .incoming) })
        group.get("incoming.csv", use: { try await csv($0, $1, kind: .incoming) })
        // Sổ theo dõi giải quyết văn bản đến: the same lines, the handling's columns.
        group.get("follow-up.pdf", use: { try await pdf($0, $1, kind: .followUp) })
        group.get("follow-up.csv", use: { try await csv($0, $1, kind: .followUp) })
        group.get("incoming", use: list)
        group.get("incoming/:documentId", use: document)
        group.get("incoming/:documentId/attachments/:name", use: attachment)
        group.get("incoming/:documentId/document.pdf", use: registeredCopy)
        group.get("incoming/:documentId/packet.edxml", use: packet)
    }

    struct Page: ResponseEncodable, Decodable {
        var items: [IncomingEntry]
        /// Only with `count=1`.
        var total: Int?
        var limit: Int
        var offset: Int
        /// `cursor` for the next page (keyset); absent on the last page.
        var next: String?
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let agency = try context.parameters.require("agency")
        var filter = try RegisterQueryParser.filter(agency: agency, request: request)
        filter.readableBy = RegisterAccess(try context.requireIdentity()).readableBy
        let (items, total) = try await store.search(filter, executor: database)
        let next = items.count == filter.limit ? items.last.map { RegisterCursor(year: $0.year, number: $0.number).text } : nil
        return Page(items: items, total: total, limit: filter.limit, offset: filter.offset, next: next)
    }

    /// One line with the updates and replacements linked to it, both ways.
    @Sendable func document(_ request: Request, context: QLVBRequestContext) async throws -> IncomingEntry {
        var found = try await entry(context)
        found.links = try await store.links(of: found, executor: database)
        return found
    }

    @Sendable func attachment(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let found = try await entry(context)
        let name = try context.parameters.require("name")
        try Self.refuseIfWithheld(found)
        guard let attachment = found.attachments.first(where: { $0.name == name }) else {
            throw Refusal.notFound("no_such_attachment", "Không có tệp đính kèm '\(name)'", "no attachment '\(name)'")
        }
        return try await stream(attachment, context)
    }

    /// The edXML packet an electronic document arrived in, as intake kept it (the sender's XML signature inside): what
    /// the yearly handover and an auditor take as the document's original form.
    @Sendable func packet(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let found = try await entry(context)
        guard found.medium != .paper else {
            throw Refusal.notFound("paper_document", "Văn bản giấy không có gói tin edXML (xem bản quét document.pdf)",
                                   "a paper document has no edXML packet (see its scan, document.pdf)")
        }
        try Self.refuseIfWithheld(found)
        let name = "den-\(found.year)-\(found.number).edxml"
        return try await stream(AttachmentRef(name: name, blob: BlobRef(sha256: found.packet.sha256, size: found.packet.size, mediaType: "application/xml")), context)
    }

    /// A revoked document's content is withheld (Decree 30 art. 18.4.b); its line and the revocation's metadata stay.
    static func refuseIfWithheld(_ found: IncomingEntry) throws {
        if let revocation = found.revocation, revocation.withholdsContent {
            throw Refusal(
                .conflict, code: "document_revoked", vietnamese: "Văn bản đã bị nơi gửi thu hồi, nội dung không còn được cung cấp",
                english: "the sender revoked the document: its content is no longer served")
        }
    }

    private func stream(_ attachment: AttachmentRef, _ context: QLVBRequestContext) async throws -> Response {
        let name = attachment.name
        // Streamed from the blob store a chunk at a time, never whole in memory (attachments run to hundreds of MB).
        // One pass first checks size and SHA-256 (chunk by chunk too), so a damaged file is refused with a status
        // rather than cut off after a 200.
        let chunks: BlobChunks
        do {
            for try await _ in try await blobs.open(attachment.blob) {}
            chunks = try await blobs.open(attachment.blob)
        } catch let error as BlobStoreError {
            throw damaged(attachment, error, context)
        }
        var headers = HTTPFields()
        headers[.contentType] = attachment.blob.mediaType
        // Intake only admits ASCII letters, digits, '-', '_' and '.'; anything else never reaches the header.
        let safeName = String(name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0)) })
        headers[.contentDisposition] = "attachment; filename=\"\(safeName)\""
        headers[.eTag] = "\"\(attachment.blob.sha256)\""
        let logger = context.logger
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: Int(attachment.blob.size)) { writer in
            do {
                for try await chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
            } catch {
                // Changed since the check (the last chunk verifies again): the status is sent, so the connection is
                // cut short of the announced length and the client cannot take the file as whole.
                logger.error("attachment unreadable", metadata: ["sha256": "\(attachment.blob.sha256)", "error": "\(error)"])
                throw error
            }
            try await writer.finish(nil)
        })
    }

    /// A paper document's registered copy: the scan with its text layer and the ĐẾN stamp (an electronic document's
    /// packet is edXML, served by routing with its files).
    @Sendable func registeredCopy(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let found = try await entry(context)
        guard found.medium == .paper else {
            throw Refusal.notFound("not_paper", "Văn bản điện tử không có bản quét", "an electronic document has no scanned copy")
        }
        let bytes: Data
        do { bytes = try await blobs.read(found.packet) } catch let error as BlobStoreError {
            throw damaged(AttachmentRef(name: "document.pdf", blob: found.packet), error, context)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = "inline; filename=\"den-\(found.year)-\(found.number).pdf\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func damaged(_ attachment: AttachmentRef, _ error: BlobStoreError, _ context: QLVBRequestContext) -> Refusal {
        context.logger.error("attachment unreadable", metadata: ["sha256": "\(attachment.blob.sha256)", "error": "\(error)"])
        return Refusal(
            .internalError, code: "attachment_damaged", vietnamese: "Dữ liệu lưu của tệp đính kèm bị thiếu hoặc hỏng",
            english: "the attachment's stored bytes are missing or damaged")
    }

    /// The printed register, drawn into a private scratch file from one read-only snapshot walked a batch at a time,
    /// then streamed from the file: a register of any length is never whole in memory.
    @Sendable func pdf(_ request: Request, _ context: QLVBRequestContext, kind: RegisterSheet.Kind) async throws -> Response {
        let (head, filter, name) = try await registerSheet(request, context, kind: kind)
        let file = blobs.scratchDirectory.appendingPathComponent("register-\(UUID().uuidString).pdf")
        do {
            try await database.withTransaction { tx in
                _ = try await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                try await RegisterPDF.render(head, lines: { body in try await store.forEachBatch(filter, executor: tx, body) }, to: file)
            }
            return try streamed(file, type: "application/pdf", name: name + ".pdf")
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    /// The register as CSV, written to the response a batch of lines at a time as they are read.
    @Sendable func csv(_ request: Request, _ context: QLVBRequestContext, kind: RegisterSheet.Kind) async throws -> Response {
        let (sheet, filter, name) = try await registerSheet(request, context, kind: kind)
        let (store, database) = (self.store, self.database)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "inline; filename=\"\(name).csv\""
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: RegisterCSV.head(sheet)))
            try await store.forEachBatch(filter, executor: database) { batch in
                try await writer.write(ByteBuffer(string: RegisterCSV.lines(batch, sheet)))
            }
            try await writer.finish(nil)
        })
    }

    private func registerSheet(
        _ request: Request, _ context: QLVBRequestContext, kind: RegisterSheet.Kind
    ) async throws -> (RegisterSheet, RegisterFilter, String) {
        guard RegisterAccess(try context.requireIdentity()) == .wholeRegister else {
            throw Refusal.forbidden(
                "register_print_restricted", "Chỉ văn thư và lãnh đạo cơ quan được in sổ đăng ký văn bản đến",
                "only the clerk and the agency's leaders may print the incoming register")
        }
        let agency = try context.parameters.require("agency")
        let filter = try RegisterQueryParser.filter(agency: agency, request: request, forPrint: true)
        var sheet = RegisterSheet(
            agencyName: agencies.name(of: agency), agencyCode: agency, fromDay: filter.fromDay, toDay: filter.toDay, entries: [])
        sheet.kind = kind
        let name = (kind == .incoming ? "so-den-" : "so-theo-doi-") + "\(agency)-\(filter.fromDay ?? "dau")-\(filter.toDay ?? "nay")"
        return (sheet, filter, name)
    }

    private func entry(_ context: QLVBRequestContext) async throws -> IncomingEntry {
        let agency = try context.parameters.require("agency")
        guard let id = UUID(uuidString: try context.parameters.require("documentId")) else {
            throw Refusal.badRequest("invalid_id", "Mã văn bản không phải UUID", "the document id is not a UUID")
        }
        let notFound = Refusal.notFound("no_such_document", "Không có văn bản này trong sổ", "no such document in this agency's register")
        // A document the caller may not see answers as one that does not exist: its existence is not revealed either.
        if let account = RegisterAccess(try context.requireIdentity()).readableBy,
            try await !store.isReader(account, documentId: id, executor: database)
        {
            throw notFound
        }
        guard let found = try await store.fetch(documentId: id, agency: agency, executor: database) else { throw notFound }
        return found
    }

    /// `file` as the response body, a megabyte at a time; the file is removed once sent (or the send fails).
    private func streamed(_ file: URL, type: String, name: String) throws -> Response {
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "inline; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: size) { writer in
            defer { try? FileManager.default.removeItem(at: file) }
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        })
    }
}

extension IncomingEntry: ResponseEncodable {}
