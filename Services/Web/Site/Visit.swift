import Auth
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One request on one agency's site: who is signed in (if anyone), the visitor's CSRF value, and the answer's cookies.
struct Visit {
    let site: SiteDirectory.Resolution
    var token: String?
    var identity: Identity?
    let seed: String
    let csrfToken: String
    var setCookies: [String] = []
    var flash: (kind: String, text: String)?
    let forwardedFor: String?
    let userAgent: String?
    let path: String

    var base: String { site.base }
    var agency: String { site.agency.code }
    var agencyPath: String { "/agencies/\(ServiceClient.escape(site.agency.code))" }
    var cookiePath: String { site.byHost ? "/" : "/\(site.agency.shortName)" }

    func link(_ relative: String) -> String { base + relative }
}

/// A page's answer before it is one: a page to render, a redirect, or bytes passed on from a service.
enum PageError: Error {
    case notSignedIn
    case refused(APIRefusal)
    case csrf
}

extension WebSite {
    func visit(_ request: Request, _ context: WebContext) async throws -> Visit {
        guard let site = context.site else { throw HTTPError(.notFound) }
        let jar = CookiePolicy.parse(request.headers[.cookie])
        var setCookies: [String] = []
        let path = site.byHost ? "/" : "/\(site.agency.shortName)"
        let seed: String
        if let existing = jar[CSRFGuard.cookieName], !existing.isEmpty {
            seed = existing
        } else {
            seed = CSRFGuard.newSeed()
            setCookies.append(cookies.set(CSRFGuard.cookieName, seed, path: path, maxAge: nil))
        }
        var flash: (String, String)?
        if let raw = jar[Self.flashCookie], let decoded = raw.removingPercentEncoding, let bar = decoded.firstIndex(of: "|") {
            flash = (String(decoded[..<bar]), String(decoded[decoded.index(after: bar)...]))
            setCookies.append(cookies.clear(Self.flashCookie, path: path))
        }
        var token: String?
        var identity: Identity?
        if let value = jar[Self.sessionCookie], !value.isEmpty {
            if let verified = try? await verifier.verify(value), verified.agency == site.agency.code {
                token = value
                identity = verified
            } else {
                // Expired, or another agency's token: this site does not take it.
                setCookies.append(cookies.clear(Self.sessionCookie, path: path))
            }
        }
        let forwarded = [request.headers[HTTPField.Name("X-Forwarded-For")!], context.peer].compactMap { $0 }.joined(separator: ", ")
        return Visit(
            site: site, token: token, identity: identity, seed: seed, csrfToken: csrf.token(seed: seed), setCookies: setCookies,
            flash: flash, forwardedFor: forwarded.isEmpty ? nil : forwarded, userAgent: request.headers[.userAgent],
            path: request.uri.path)
    }

    /// A page needing a signed-in user of this site.
    func signedIn(_ request: Request, _ context: WebContext) async throws -> (Visit, Identity, String) {
        let visit = try await visit(request, context)
        guard let identity = visit.identity, let token = visit.token else { throw PageError.notSignedIn }
        return (visit, identity, token)
    }

    /// A form post: its fields, after checking the CSRF token (403 without a valid one).
    func form(_ request: Request, _ visit: Visit, maxSize: Int = 1 << 20) async throws -> FormData {
        var request = request
        let contentType = request.headers[.contentType] ?? ""
        let isMultipart = contentType.lowercased().hasPrefix("multipart/form-data")
        let body = try await request.collectBody(upTo: isMultipart ? 60 << 20 : maxSize)
        let form: FormData
        if isMultipart, let range = contentType.range(of: "boundary=") {
            let boundary = contentType[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            form = FormData.multipart(Data(body.readableBytesView), boundary: boundary)
        } else {
            form = FormData.urlEncoded(String(buffer: body))
        }
        guard csrf.isValid(token: form[CSRFGuard.fieldName], seed: visit.seed) else { throw PageError.csrf }
        return form
    }

    /// Runs a page; turns "not signed in", a CSRF failure and a service's refusal into their pages.
    func page(
        _ request: Request, _ context: WebContext, _ body: @escaping (Request, WebContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await body(request, context)
        } catch PageError.notSignedIn {
            guard let site = context.site else { throw HTTPError(.notFound) }
            // Back to this page after signing in: its path within the site (routes are all under /<short>).
            let within = String(request.uri.path.dropFirst(site.agency.shortName.count + 1))
            let next = request.method == .get && within.count > 1 ? "?next=" + ServiceClient.escape(within) : ""
            return redirect(site.base + "/dang-nhap" + next, cookies: [])
        } catch PageError.csrf {
            let visit = try await visit(request, context)
            return render(
                "error", visit, title: "Biểu mẫu không hợp lệ",
                ["message": "Biểu mẫu thiếu mã xác thực hoặc mã đã hết hạn. Hãy tải lại trang rồi gửi lại."], status: .forbidden)
        } catch let refusal as APIRefusal {
            var visit = try await visit(request, context)
            if refusal.status == 401 {
                visit.setCookies.append(cookies.clear(Self.sessionCookie, path: visit.cookiePath))
                return redirect(visit.link("/dang-nhap"), cookies: visit.setCookies + [flashCookie("error", "Phiên đăng nhập đã hết hạn, hãy đăng nhập lại.", visit)])
            }
            return render("error", visit, title: "Không thực hiện được", ["message": refusal.message, "code": refusal.code],
                status: HTTPResponse.Status(code: refusal.status))
        }
    }

    /// After a form: back to `to` with a message on the next page (POST, redirect, GET).
    func done(_ visit: Visit, to: String, _ kind: String, _ message: String) -> Response {
        redirect(visit.link(to), cookies: visit.setCookies + [flashCookie(kind, message, visit)])
    }

    /// A form the service refused: back to the page with the service's Vietnamese message.
    func refused(_ visit: Visit, to: String, _ refusal: APIRefusal) throws -> Response {
        if refusal.status == 401 { throw refusal }
        return done(visit, to: to, "error", refusal.message)
    }

    func flashCookie(_ kind: String, _ text: String, _ visit: Visit) -> String {
        cookies.set(Self.flashCookie, ServiceClient.escape("\(kind)|\(text)"), path: visit.cookiePath, maxAge: 60)
    }

    func redirect(_ location: String, cookies: [String]) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// A page inside the site's layout.
    func render(_ template: String, _ visit: Visit, title: String, _ data: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        var all = data
        all["title"] = title
        all["siteName"] = visit.site.agency.name
        all["base"] = visit.base
        all["static"] = visit.base + "/static"
        all["csrf"] = visit.csrfToken
        if let flash = visit.flash { all["flash"] = ["text": flash.text, "isError": flash.kind == "error"] as [String: Any] }
        if let identity = visit.identity {
            all["user"] = ["account": identity.account, "roles": RoleNames.labels(identity.roles), "onBehalfOf": identity.onBehalfOf as Any] as [String: Any]
            all["nav"] = navigation(identity, visit)
        }
        let html = renderer.render(template, all)
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        for cookie in visit.setCookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func navigation(_ identity: Identity, _ visit: Visit) -> [[String: Any]] {
        var items: [(String, String)] = [("/hop-thu", "Hộp việc"), ("/so-den", "Sổ văn bản đến")]
        if identity.seesIncoming { items.append(("/van-ban-den", "Văn bản đến")) }
        items.append(("/du-thao", "Dự thảo"))
        if identity.seesIncoming { items.append(("/so-di", "Sổ văn bản đi")) }
        if identity.roles.contains(.clerk) { items.append(("/cap-so", "Cấp số")) }
        if identity.seesIncoming { items.append(("/tinh-trang-gui", "Tình trạng gửi")) }
        if identity.roles.contains(.clerk) { items.append(("/so-den/van-ban-giay", "Văn bản giấy")) }
        if identity.seesIncoming { items.append(("/so-theo-doi", "Sổ theo dõi")) }
        if identity.isLeader { items.append(("/tien-do", "Tiến độ")) }
        if api.configured.contains(.archive) { items.append(("/ho-so", "Hồ sơ")) }
        if api.configured.contains(.archive) && !identity.roles.isDisjoint(with: [.archivist, .head, .deputy]) { items.append(("/luu-tru", "Lưu trữ")) }
        if !identity.roles.isDisjoint(with: [.clerk, .head, .deputy, .departmentHead, .specialist, .admin]) { items.append(("/tim-kiem", "Tìm kiếm")) }
        items.append(("/uy-quyen", "Ủy quyền"))
        if identity.isAdmin || identity.roles.contains(.head) { items.append(("/quan-tri", "Quản trị")) }
        if identity.isAdmin || identity.roles.contains(.operator) { items.append(("/quan-tri/thu-loi", "Thư lỗi")) }
        if identity.roles.contains(.operator) { items.append(("/quan-tri/sao-luu", "Sao lưu")) }
        // The longest item the address falls under is the current one (Thư lỗi, not also Quản trị).
        let matching = items.map(\.0).filter { visit.path.hasSuffix($0) || visit.path.contains($0 + "/") }
        let current = matching.max { $0.count < $1.count }
        return items.map { path, label -> [String: Any] in
            ["href": visit.link(path), "label": label, "current": path == current]
        }
    }
}

extension Request {
    /// A query parameter as a form sent it: `+` is a space (Hummingbird only undoes percent-encoding).
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name).map { $0.replacingOccurrences(of: "+", with: " ") }
    }
}
