import Auth
import Crypto
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import XCTest

@testable import WebSite

/// The site's own answers, before any service is called: the agency chosen by host or path, the security headers
/// and cookies of the sign-in page, and a form post without its CSRF token refused with 403.
final class SitePagesTests: XCTestCase {
    func makeApp() async throws -> some ApplicationProtocol {
        let site = WebSite(
            sites: SiteDirectory(
                agencies: [
                    SiteAgency(code: "000.00.00.H52", shortName: "ubnd", name: "UBND tỉnh Sơn La"),
                    SiteAgency(code: "000.00.12.H52", shortName: "stc", name: "Sở Tài chính tỉnh Sơn La"),
                ], baseDomain: "qlvb.example"),
            // Nothing listens there: these requests must be answered without a service.
            api: ServiceClient(routing: "http://127.0.0.1:9", numbering: "http://127.0.0.1:9"),
            renderer: try await Renderer(), csrf: CSRFGuard(key: SymmetricKey(size: .bits256)), cookies: CookiePolicy(secure: true),
            verifier: try TokenVerifier(publicKeyPEM: AuthKeys.generate().publicPEM), logger: Logger(label: "test"))
        return Application(responder: site.responder())
    }

    func testSignInPageOfTheSiteChosenByPathOrHost() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/stc/dang-nhap", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("<title>Đăng nhập — Sở Tài chính tỉnh Sơn La</title>"))
                XCTAssertTrue(html.contains(#"action="/stc/dang-nhap""#))
                let csp = response.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                XCTAssertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp)
                let cookie = response.headers[.setCookie] ?? ""
                XCTAssertTrue(cookie.hasPrefix("qlvb_csrf=") && cookie.contains("HttpOnly") && cookie.contains("Secure")
                    && cookie.contains("SameSite=Lax") && cookie.contains("Path=/stc"), cookie)
            }
            try await client.execute(uri: "/dang-nhap", method: .get, headers: [HTTPField.Name("Host")!: "ubnd.qlvb.example"]) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("UBND tỉnh Sơn La"))
                XCTAssertTrue(html.contains(#"action="/dang-nhap""#), "links start at / on a site chosen by host")
            }
            try await client.execute(uri: "/khac/dang-nhap", method: .get) { response in
                XCTAssertEqual(response.status, .notFound)
            }
        }
    }

    func testAFormWithoutItsTokenIsRefused() async throws {
        try await makeApp().test(.router) { client in
            let seed = "a-visitor-value"
            let form = "account=hoalt.ubnd&password=mot-mat-khau-dai"
            try await client.execute(
                uri: "/ubnd/dang-nhap", method: .post,
                headers: [.cookie: "qlvb_csrf=\(seed)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: form)
            ) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertTrue(String(buffer: response.body).contains("Biểu mẫu không hợp lệ"))
            }
            try await client.execute(
                uri: "/ubnd/dang-nhap", method: .post,
                headers: [.cookie: "qlvb_csrf=\(seed)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: form + "&_csrf=forged")
            ) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
    }

    func testNothingIsRenderedAsNil() throws {
        let clean = Renderer.withoutNils(["a": Optional<String>.none as Any, "b": [["c": Optional("x") as Any]]]) as? [String: Any]
        XCTAssertNil(clean?["a"])
        XCTAssertEqual(((clean?["b"] as? [Any])?.first as? [String: Any])?["c"] as? String, "x")
    }
}
