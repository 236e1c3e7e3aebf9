import HTTPTypes
import Hummingbird
import NIOCore

/// A request on the site: which agency's site it is for (set before routing) and where the connection came from.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var site: SiteDirectory.Resolution?
    public var peer: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peer = source.channel.remoteAddress?.ipAddress
    }
}

/// Chooses the site before routing: a request for `<short>.<base domain>/x` is routed as `/<short>/x`, so every
/// page is declared once, under `/:site`. Adds the security headers to every answer.
public struct SiteResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == WebContext {
    let inner: Inner
    let sites: SiteDirectory

    public init(inner: Inner, sites: SiteDirectory) {
        self.inner = inner
        self.sites = sites
    }

    public func respond(to request: Request, context: WebContext) async throws -> Response {
        var context = context
        var request = request
        let host = request.headers[HTTPField.Name("Host")!] ?? request.head.authority
        if let site = sites.resolve(host: host, path: request.uri.path) {
            context.site = site
            if site.byHost {
                var head = request.head
                head.path = "/\(site.agency.shortName)" + (head.path ?? "/")
                request = Request(head: head, body: request.body)
            }
        }
        var response = try await inner.respond(to: request, context: context)
        SecurityHeaders.apply(to: &response.headers, html: response.headers[.contentType]?.hasPrefix("text/html") ?? false)
        return response
    }
}
