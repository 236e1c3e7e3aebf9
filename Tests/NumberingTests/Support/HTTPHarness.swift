import Auth
import BlobStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Messaging
import ServiceKit
import TestSupport

@testable import NumberingService

/// The numbering HTTP API as the service builds it (`makeHTTPRouter` with authentication), over a harness's schema.
struct HTTPHarness {
    static let keys = AuthKeys.generate()
    /// One OCR engine for the test run (loading the Vietnamese model takes a moment).
    static let reader = ScanReader()
    let numbering: NumberingHarness
    let blobs: FileBlobStore
    let issuer: TokenIssuer

    init(_ numbering: NumberingHarness) throws {
        self.numbering = numbering
        blobs = try FileBlobStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(numbering.id)"))
        issuer = try TokenIssuer(privateKeyPEM: Self.keys.privatePEM)
    }

    func application() throws -> some ApplicationProtocol {
        let routes = IncomingRegisterRoutes(
            database: numbering.database, store: numbering.store, blobs: blobs,
            agencies: AgencyDirectory(environment: ["QLVB_NUMBERING_AGENCIES": "000.00.00.H53=Sở Tài chính tỉnh Điện Biên"]))
        let paper = PaperRoutes(
            work: UnitOfWork(database: numbering.database, outbox: Outbox(schema: numbering.schema)), store: numbering.store,
            blobs: blobs, reader: Self.reader, agencies: AgencyDirectory(parsing: ""))
        let router = makeHTTPRouter(
            service: "numbering", readiness: Readiness(), tokenVerifier: try TokenVerifier(publicKeyPEM: Self.keys.publicPEM),
            logger: TestEnv.logger) { router in
                routes.add(to: router)
                paper.add(to: router)
            }
        return Application(router: router)
    }

    func token(agency: String = NumberingHarness.agency, roles: Set<Role> = [.clerk], account: String = "vanthu.ubnd") async throws -> String {
        try await issuer.issue(Identity(account: account, agency: agency, roles: roles), ttl: .seconds(600))
    }

    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json<T: Decodable>(_: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: Data(body))
        }
    }

    /// GET `uri` with a clerk's token of the Sơn La UBND, another token, or none.
    func get(_ uri: String, token: String?) async throws -> Reply {
        let headers: HTTPFields = token.map { [.authorization: "Bearer \($0)"] } ?? [:]
        return try await application().test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: headers) { r in
                Reply(status: r.status, headers: r.headers, body: Array(buffer: r.body))
            }
        }
    }

    func get(_ uri: String) async throws -> Reply { try await get(uri, token: try await token()) }

    /// POST a JSON `body` with a clerk's token.
    func post(_ uri: String, json body: Data) async throws -> Reply {
        let headers: HTTPFields = [.authorization: "Bearer \(try await token())", .contentType: "application/json"]
        return try await application().test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { r in
                Reply(status: r.status, headers: r.headers, body: Array(buffer: r.body))
            }
        }
    }
}
