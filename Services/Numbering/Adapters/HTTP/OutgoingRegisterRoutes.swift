import Auth
import BlobStore
import Contracts
import Foundation
import Hummingbird
import Messaging
import ServiceKit
import Storage

/// The clerk's side of the outgoing registers (sổ văn bản đi): the queue of leader-signed documents to number, the
/// number and date asked for one (art. 12.3.a), a number withdrawn before issue, and the register listed and printed.
/// Numbering and withdrawing are the clerk's (văn thư) of the agency in the path; the clerk and the agency's leaders
/// read and print the register.
struct OutgoingRegisterRoutes: Sendable {
    let work: UnitOfWork
    let blobs: any BlobStore
    let store: OutgoingRegisterStore
    let series: SeriesBook
    let abbreviations: AgencyAbbreviations
    let agencies: AgencyDirectory
    var now: @Sendable () -> Date = { Date() }

    static let readers: Set<Role> = [.clerk, .head, .deputy]

    func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("agencies/:agency/registers")
            .add(middleware: RequireRoles(Self.readers, agencyParameter: "agency"))
        group.get("outgoing.pdf", use: pdf)
        group.get("outgoing.csv", use: csv)
        group.get("outgoing", use: list)
        group.get("outgoing/awaiting", use: awaiting)
        group.post("outgoing/:documentId/number", use: number)
        group.post("outgoing/:documentId/withdraw", use: withdraw)
        group.get("outgoing/:documentId/document.pdf", use: issuedPDF)
    }

    struct NumberRequest: Decodable {
        var normative: Bool?
        var unit: String?
    }

    struct WithdrawRequest: Decodable {
        var reason: String
    }

    struct Page: ResponseEncodable, Decodable {
        var items: [OutgoingEntry]
        /// Pass as `cursor` for the next (older) page; absent on the last page.
        var next: String?
    }

    struct Awaiting: ResponseEncodable, Decodable {
        var items: [OutgoingDocument]
    }

    @Sendable func number(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<NumberOutgoing.Result> {
        let identity = try clerk(context)
        let body = try await optionalBody(NumberRequest.self, request, context) ?? NumberRequest()
        if let unit = body.unit, !Notation.isValidUnit(unit) {
            throw Refusal.badRequest(
                "unit_invalid", "Chữ viết tắt đơn vị '\(unit)' chỉ gồm chữ in hoa và số, tối đa 10 ký tự",
                "the unit abbreviation '\(unit)' must be capital letters and digits, at most 10")
        }
        let command = NumberOutgoing(
            documentId: try documentId(context), agency: try context.parameters.require("agency"), clerk: identity.account,
            normative: body.normative ?? false, unit: body.unit)
        let result = try await command.run(work: work, store: store, series: series, abbreviations: abbreviations, now: now())
        return EditedResponse(status: result.isNew ? .created : .ok, response: result)
    }

    @Sendable func withdraw(_ request: Request, context: QLVBRequestContext) async throws -> OutgoingNumber {
        let identity = try clerk(context)
        let body = try await request.decode(as: WithdrawRequest.self, context: context)
        let command = WithdrawNumber(
            documentId: try documentId(context), agency: try context.parameters.require("agency"), clerk: identity.account,
            reason: body.reason)
        return try await command.run(work: work, store: store, now: now())
    }

    /// The issued document: the leader-signed PDF with its number, date and the agency's signature.
    @Sendable func issuedPDF(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let agency = try context.parameters.require("agency")
        guard let doc = try await store.document(try documentId(context), agency: agency, executor: work.database), let sealed = doc.sealed
        else {
            throw Refusal.notFound(
                "not_issued", "Văn bản chưa được cấp số và ký số cơ quan", "the document has not been numbered and sealed yet")
        }
        let data: Data
        do {
            data = try await blobs.read(sealed)
        } catch let error as BlobStoreError {
            context.logger.error("issued document unreadable", metadata: ["sha256": "\(sealed.sha256)", "error": "\(error)"])
            throw Refusal(
                .internalError, code: "document_damaged", vietnamese: "Dữ liệu lưu của văn bản bị thiếu hoặc hỏng",
                english: "the document's stored bytes are missing or damaged")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = "attachment; filename=\"\(doc.documentId.uuidString.lowercased()).pdf\""
        headers[.eTag] = "\"\(sealed.sha256)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func awaiting(_ request: Request, context: QLVBRequestContext) async throws -> Awaiting {
        Awaiting(items: try await store.awaiting(agency: try context.parameters.require("agency"), limit: 500, executor: work.database))
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        var filter = try self.filter(request, context)
        let limit = try int(request, "limit", 1...500) ?? 50
        filter.limit = limit
        if let text = request.uri.queryParameters["cursor"].map(String.init), !text.isEmpty {
            guard let cursor = OutgoingCursor(text) else {
                throw Refusal.badRequest("invalid_parameter", "'cursor' là giá trị 'next' của trang trước", "'cursor' is the previous page's 'next'")
            }
            filter.cursor = cursor
        }
        let items = try await store.entries(filter, executor: work.database)
        return Page(items: items, next: items.count == limit ? items.last.map { OutgoingCursor(after: $0.number).text } : nil)
    }

    @Sendable func pdf(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let (sheet, name) = try await sheet(request, context)
        return file(try OutgoingRegisterPDF.render(sheet), type: "application/pdf", name: name + ".pdf")
    }

    @Sendable func csv(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let (sheet, name) = try await sheet(request, context)
        return file(Array(OutgoingRegisterCSV.render(sheet).utf8), type: "text/csv; charset=utf-8", name: name + ".csv")
    }

    private func sheet(_ request: Request, _ context: QLVBRequestContext) async throws -> (OutgoingRegisterSheet, String) {
        var filter = try self.filter(request, context)
        filter.registerOrder = true
        filter.limit = RegisterFilter.printLimit
        let entries = try await store.entries(filter, executor: work.database)
        let agency = filter.agency
        let sheet = OutgoingRegisterSheet(
            agencyName: agencies.name(of: agency), agencyCode: agency,
            seriesTitle: filter.register.map(series.title(of:)) ?? "Tất cả các sổ", year: filter.year, entries: entries, names: agencies)
        return (sheet, "so-di-\(agency)-\(filter.register ?? "tat-ca")-\(filter.year.map(String.init) ?? "cac-nam")")
    }

    /// `series` (a register code such as `VBDI-CV`), `year`, `number`.
    private func filter(_ request: Request, _ context: QLVBRequestContext) throws -> OutgoingFilter {
        var f = OutgoingFilter(agency: try context.parameters.require("agency"))
        let q = request.uri.queryParameters
        if let s = q["series"].map(String.init), !s.isEmpty {
            guard s.count <= 40, s.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }) else {
                throw Refusal.badRequest("invalid_parameter", "'series' là mã sổ, ví dụ VBDI-CV", "'series' is a register code such as VBDI-CV")
            }
            f.register = s
        }
        f.year = try int(request, "year", 1900...9999)
        f.number = try int(request, "number", 1...Int(Int32.max))
        return f
    }

    private func int(_ request: Request, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return nil }
        guard let v = Int(text), range.contains(v) else {
            throw Refusal.badRequest(
                "invalid_parameter", "'\(name)' phải là số nguyên trong khoảng \(range.lowerBound)…\(range.upperBound)",
                "'\(name)' must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    /// Numbers are given and withdrawn by the clerk alone (art. 15.3: văn thư cấp số).
    private func clerk(_ context: QLVBRequestContext) throws -> Identity {
        let identity = try context.requireIdentity()
        guard identity.roles.contains(.clerk) else {
            throw Refusal.forbidden(
                "clerk_only", "Chỉ văn thư cơ quan được cấp hoặc thu hồi số văn bản đi", "only the agency's clerk gives or withdraws outgoing numbers")
        }
        return identity
    }

    private func documentId(_ context: QLVBRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("documentId")) else {
            throw Refusal.badRequest("invalid_id", "Mã văn bản không phải UUID", "the document id is not a UUID")
        }
        return id
    }

    private func optionalBody<T: Decodable>(_ type: T.Type, _ request: Request, _ context: QLVBRequestContext) async throws -> T? {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        guard buffer.readableBytes > 0 else { return nil }
        try RequestDecoding.refuseNul(buffer)
        do {
            return try JSONDecoder().decode(T.self, from: buffer)
        } catch let error as DecodingError {
            throw RequestDecoding.refusal(error)
        }
    }

    private func file(_ bytes: [UInt8], type: String, name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "inline; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension OutgoingNumber: ResponseEncodable {}
extension NumberOutgoing.Result: ResponseEncodable {}
