import Auth
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import XCTest

@testable import WebSite

/// The operator's read-only backups page: the backups qlvbctl left (manifest.json), the handover packages (finished:
/// bag-info.txt; unfinished: the export's state), the unfinished backup left out; nobody but the operator sees it.
final class BackupPagesTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("backup-pages-\(UUID().uuidString)")
        let backups = root.appendingPathComponent("backups"), packages = root.appendingPathComponent("handover")
        for id in ["20261205T013000Z", "20261206T013000Z"] {
            try FileManager.default.createDirectory(at: backups.appendingPathComponent(id), withIntermediateDirectories: true)
            try Data("""
                {"id":"\(id)","createdAt":"2026-12-0\(id.dropFirst(7).prefix(1))T01:30:00Z","schemas":[{"name":"routing"},{"name":"numbering"}],
                 "tables":[{"schema":"routing","name":"tasks","rows":1200},{"schema":"numbering","name":"incoming","rows":34}],
                 "blobs":{"count":77,"bytes":12500000,"copied":5,"linked":72}}
                """.utf8).write(to: backups.appendingPathComponent(id).appendingPathComponent("manifest.json"))
        }
        try FileManager.default.createDirectory(at: backups.appendingPathComponent("20261207T013000Z.partial"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: packages.appendingPathComponent("ubnd-2025"), withIntermediateDirectories: true)
        try Data("Source-Organization: 000.00.00.H52\nQLVB-Year: 2025\nBagging-Date: 2026-01-15\nPayload-Oxum: 3000000.42\n".utf8)
            .write(to: packages.appendingPathComponent("ubnd-2025/bag-info.txt"))
        try FileManager.default.createDirectory(at: packages.appendingPathComponent("tinh-2025/.handover"), withIntermediateDirectories: true)
        try Data(#"{"agencies":["000.00.00.H52","000.00.12.H52"],"baggingDate":"2026-01-16","done":["000.00.00.H52"],"year":2025}"#.utf8)
            .write(to: packages.appendingPathComponent("tinh-2025/.handover/state.json"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func testTheOperatorSeesBackupsAndPackagesOthersAreRefused() async throws {
        let keys = AuthKeys.generate()
        var site = WebSite(
            sites: SiteDirectory(agencies: [SiteAgency(code: "000.00.00.H52", shortName: "ubnd", name: "UBND tỉnh Sơn La")], baseDomain: nil),
            api: ServiceClient(routing: "http://127.0.0.1:9", numbering: "http://127.0.0.1:9"),
            renderer: try await Renderer(), csrf: CSRFGuard(key: SymmetricKey(size: .bits256)), cookies: CookiePolicy(secure: true),
            verifier: try TokenVerifier(publicKeyPEM: keys.publicPEM), logger: Logger(label: "test"))
        site.operatorFiles = OperatorFiles(backupDirectory: root.appendingPathComponent("backups").path, handoverDirectory: root.appendingPathComponent("handover").path)
        let issuer = try TokenIssuer(privateKeyPEM: keys.privatePEM)
        func token(_ roles: Set<Role>) async throws -> String {
            try await issuer.issue(Identity(account: "quantri.ubnd", agency: "000.00.00.H52", roles: roles, onBehalfOf: nil), audience: nil, ttl: .seconds(600))
        }
        let operatorToken = try await token([.operator, .admin]), adminToken = try await token([.admin])
        try await Application(responder: site.responder()).test(.router) { client in
            try await client.execute(uri: "/ubnd/quan-tri/sao-luu", method: .get, headers: [.cookie: "qlvb_session=\(operatorToken)"]) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("20261205T013000Z") && html.contains("20261206T013000Z"), html)
                XCTAssertFalse(html.contains("20261207T013000Z"), "an unfinished backup is not listed")
                XCTAssertTrue(html.contains("<td>1234</td>"), "rows of every table summed")
                XCTAssertTrue(html.contains("12,5 MB"))
                XCTAssertTrue(html.contains("ubnd-2025") && html.contains("Hoàn tất 2026-01-15") && html.contains("<td>42</td>"))
                XCTAssertTrue(html.contains("Đang xuất (1/2 cơ quan)"))
                XCTAssertTrue(html.contains(#"href="/ubnd/quan-tri/sao-luu" aria-current="page""#), "in the operator's menu")
            }
            try await client.execute(uri: "/ubnd/quan-tri/sao-luu", method: .get, headers: [.cookie: "qlvb_session=\(adminToken)"]) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertFalse(String(buffer: response.body).contains("20261205T013000Z"))
            }
        }
    }
}
