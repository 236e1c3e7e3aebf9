import Auth
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The web interface (giao diện web): one site per hosted agency, server-rendered from the services' APIs with
/// the signed-in user's token. It keeps no data: the session is the token itself, in an HttpOnly cookie.
public struct WebSite: Sendable {
    public static let sessionCookie = "qlvb_session"
    static let flashCookie = "qlvb_flash"

    public let sites: SiteDirectory
    let api: ServiceClient
    let renderer: Renderer
    let csrf: CSRFGuard
    let cookies: CookiePolicy
    let verifier: TokenVerifier
    let logger: Logger
    let peopleCache = PeopleCache()
    /// The backups page's directories (set after init; unset: the page says so).
    public var operatorFiles = OperatorFiles()

    public init(
        sites: SiteDirectory, api: ServiceClient, renderer: Renderer, csrf: CSRFGuard, cookies: CookiePolicy,
        verifier: TokenVerifier, logger: Logger
    ) {
        self.sites = sites
        self.api = api
        self.renderer = renderer
        self.csrf = csrf
        self.cookies = cookies
        self.verifier = verifier
        self.logger = logger
    }

    /// Every page, under `/:site`; the landing page, static files and `/health` at the root too.
    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.get("health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok","service":"web"}"#)))
        }
        router.get("/") { request, context in try await self.landing(request, context) }
        router.get("static/:file") { request, context in self.staticFile(context) }
        router.get(":site/static/:file") { request, context in self.staticFile(context) }
        addAccountPages(to: router)
        addInboxPages(to: router)
        addRegisterPages(to: router)
        addPaperPages(to: router)
        addDocumentPages(to: router)
        addRevocationPages(to: router)
        addRecallPages(to: router)
        addDraftPages(to: router)
        addOutgoingPages(to: router)
        addDispatchPages(to: router)
        addLeaderPages(to: router)
        addAdminPages(to: router)
        addDeadLetterPages(to: router)
        if api.configured.contains(.archive) { addArchivePages(to: router) }
        addBackupPages(to: router)
        addSearchPages(to: router)
        return router
    }

    public func responder() -> SiteResponder<RouterResponder<WebContext>> {
        SiteResponder(inner: router().buildResponder(), sites: sites)
    }

    func staticFile(_ context: WebContext) -> Response {
        guard let name = context.parameters.get("file"), let file = renderer.staticFiles[name] else {
            return Response(status: .notFound)
        }
        return Response(
            status: .ok, headers: [.contentType: file.contentType, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(bytes: file.body)))
    }

    /// No site in the address: the list of hosted agencies' sites.
    func landing(_ request: Request, _ context: WebContext) async throws -> Response {
        let list = sites.agencies.map { ["name": $0.name, "href": "/\($0.shortName)/", "shortName": $0.shortName] }
        let html = renderer.render("landing", ["agencies": list, "static": "/static"])
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
