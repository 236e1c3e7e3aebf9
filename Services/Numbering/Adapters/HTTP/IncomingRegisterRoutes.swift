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
    let database: any PGExecutor
    let store: IncomingRegisterStore
    let blobs: any BlobStore
    let agencies: AgencyDirectory

    static let roles: Set<Role> = [.clerk, .head, .deputy, .departmentHead, .specialist, .admin]

    func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("agencies/:agency/registers")
            .add(middleware: RequireRoles(Self.roles, agencyParameter: "agency"))
        group.get("incoming.pdf", use: pdf)
        group.get("incoming.csv", use: csv)
        group.get("incoming", use: list)
        group.get("incoming/:documentId", use: document)
        group.get("incoming/:documentId/attachments/:name", use: attachment)
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

    @Sendable func document(_ request: Request, context: QLVBRequestContext) async throws -> IncomingEntry {
        try await entry(context)
    }

    @Sendable func attachment(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let found = try await entry(context)
        let name = try context.parameters.require("name")
        guard let attachment = found.attachments.first(where: { $0.name == name }) else {
            throw Refusal.notFound("no_such_attachment", "Không có tệp đính kèm '\(name)'", "no attachment '\(name)'")
        }
        let data: Data
        do {
            data = try await blobs.read(attachment.blob)  // verifies size and SHA-256
        } catch let error as BlobStoreError {
            context.logger.error("attachment unreadable", metadata: ["sha256": "\(attachment.blob.sha256)", "error": "\(error)"])
            throw Refusal(
                .internalError, code: "attachment_damaged", vietnamese: "Dữ liệu lưu của tệp đính kèm bị thiếu hoặc hỏng",
                english: "the attachment's stored bytes are missing or damaged")
        }
        var headers = HTTPFields()
        headers[.contentType] = attachment.blob.mediaType
        // Intake only admits ASCII letters, digits, '-', '_' and '.'; anything else never reaches the header.
        let safeName = String(name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0)) })
        headers[.contentDisposition] = "attachment; filename=\"\(safeName)\""
        headers[.eTag] = "\"\(attachment.blob.sha256)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func pdf(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let (sheet, name) = try await registerSheet(request, context)
        let bytes = try RegisterPDF.render(sheet)
        return file(bytes, type: "application/pdf", name: name + ".pdf")
    }

    @Sendable func csv(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let (sheet, name) = try await registerSheet(request, context)
        return file(Array(RegisterCSV.render(sheet.entries).utf8), type: "text/csv; charset=utf-8", name: name + ".csv")
    }

    private func registerSheet(_ request: Request, _ context: QLVBRequestContext) async throws -> (RegisterSheet, String) {
        guard RegisterAccess(try context.requireIdentity()) == .wholeRegister else {
            throw Refusal.forbidden(
                "register_print_restricted", "Chỉ văn thư và lãnh đạo cơ quan được in sổ đăng ký văn bản đến",
                "only the clerk and the agency's leaders may print the incoming register")
        }
        let agency = try context.parameters.require("agency")
        let filter = try RegisterQueryParser.filter(agency: agency, request: request, forPrint: true)
        let entries = try await store.search(filter, executor: database).entries
        let sheet = RegisterSheet(
            agencyName: agencies.name(of: agency), agencyCode: agency, fromDay: filter.fromDay, toDay: filter.toDay, entries: entries)
        let name = "so-den-\(agency)-\(filter.fromDay ?? "dau")-\(filter.toDay ?? "nay")"
        return (sheet, name)
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

    private func file(_ bytes: [UInt8], type: String, name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "inline; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension IncomingEntry: ResponseEncodable {}
