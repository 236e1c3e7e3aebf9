import Auth
import BlobStore
import Contracts
import Foundation
import Hummingbird
import Messaging
import ServiceKit

/// The clerk's writes to the incoming register: `POST /agencies/{agency}/registers/incoming/paper` registers a paper
/// document from its scan (see ``RegisterPaper``), `POST …/incoming/close` closes a period (``ClosePeriod``).
struct PaperRoutes: Sendable {
    let work: UnitOfWork
    let store: IncomingRegisterStore
    let blobs: any BlobStore
    let reader: ScanReader
    let agencies: AgencyDirectory
    var now: @Sendable () -> Date = { Date() }

    /// Fifty scanned pages at 300 dpi, base64.
    static let maxBody = 120 << 20

    func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("agencies/:agency/registers")
            .add(middleware: RequireRoles([.clerk], agencyParameter: "agency"))
        group.post("incoming/paper", use: register)
        group.post("incoming/close", use: close)
    }

    struct CloseRequest: Decodable { var from: String; var to: String }

    /// Khóa sổ: the clerk closes the incoming register for a period that is over (see ``ClosePeriod``).
    @Sendable func close(_ request: Request, context: QLVBRequestContext) async throws -> ClosePeriod.Result {
        let identity = try context.requireIdentity()
        guard identity.roles.contains(.clerk) else {
            throw Refusal.forbidden("clerk_only", "Chỉ văn thư cơ quan được khóa sổ", "only the agency's clerk closes the register")
        }
        let body = try await request.decode(as: CloseRequest.self, context: context)
        let command = ClosePeriod(agency: try context.parameters.require("agency"), fromDay: body.from, toDay: body.to, clerk: identity.account)
        return try await command.run(database: work.database, schema: store.schema, now: now())
    }

    @Sendable func register(_ request: Request, context: QLVBRequestContext) async throws -> EditedResponse<RegisterPaper.Result> {
        let identity = try context.requireIdentity()
        guard identity.roles.contains(.clerk) else {
            throw Refusal.forbidden("clerk_only", "Chỉ văn thư cơ quan được vào sổ văn bản đến", "only the agency's clerk registers incoming documents")
        }
        let agency = try context.parameters.require("agency")
        let buffer = try await request.body.collect(upTo: Self.maxBody)
        try RequestDecoding.refuseNul(buffer)
        let document: PaperDocument
        do {
            document = try JSONDecoder().decode(PaperDocument.self, from: buffer)
        } catch let error as DecodingError {
            throw RequestDecoding.refusal(error)
        }
        let command = RegisterPaper(document: document, agency: agency, agencyName: agencies.name(of: agency), clerk: identity.account)
        let result = try await command.run(work: work, store: store, blobs: blobs, reader: reader, now: now())
        return EditedResponse(status: .created, response: result)
    }
}

extension RegisterPaper.Result: ResponseEncodable {}
extension ClosePeriod.Result: ResponseEncodable {}
