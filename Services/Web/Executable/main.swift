import Auth
import Foundation
import Hummingbird
import Logging
import ServiceKit
import WebSite

// The web interface: one site per agency over the services' APIs; it owns no tables and emits no events.
let settings: WebSettings
do {
    settings = try WebSettings.load()
} catch {
    FileHandle.standardError.write(Data("web: cannot start: \(error)\n".utf8))
    exit(2)
}
LoggingBootstrap.bootstrap(service: "web", level: settings.logLevel, format: settings.logFormat)
let logger = Logger(label: "qlvb.web")
do {
    if settings.csrfKeyGenerated {
        logger.warning("QLVB_WEB_CSRF_KEY_FILE is not set: forms made by another replica, or before a restart, are refused")
    }
    var site = WebSite(
        sites: SiteDirectory(agencies: settings.agencies, baseDomain: settings.baseDomain),
        api: ServiceClient(routing: settings.routingURL, numbering: settings.numberingURL, others: settings.otherURLs),
        renderer: try await Renderer(),
        csrf: CSRFGuard(key: settings.csrfKey),
        cookies: CookiePolicy(secure: !settings.development),
        verifier: try TokenVerifier(publicKeyPEM: settings.publicKeyPEM),
        logger: logger)
    site.operatorFiles = OperatorFiles(backupDirectory: settings.backupDirectory, handoverDirectory: settings.handoverDirectory)
    let app = Application(
        responder: site.responder(),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "qlvb-web"),
        logger: logger)
    logger.info("web interface for \(settings.agencies.map(\.shortName).joined(separator: ", ")) on \(settings.host):\(settings.port)")
    try await app.runService()
} catch {
    FileHandle.standardError.write(Data("web: \(error)\n".utf8))
    exit(1)
}
