import Crypto
import Foundation
import Logging
import ServiceKit
import WebSite

/// The web interface's settings (docs/configuration.md): where it listens, the hosted agencies and their base
/// domain, the services it calls, the key that verifies tokens and the one that makes CSRF tokens.
struct WebSettings {
    var host: String
    var port: Int
    var agencies: [SiteAgency]
    var baseDomain: String?
    var routingURL: String
    var numberingURL: String
    /// The other services, for the dead-letter pages only (each service's `/admin/dead-letters`); unset: not shown.
    var otherURLs: [ServiceClient.Service: String]
    var publicKeyPEM: String
    var csrfKey: SymmetricKey
    var csrfKeyGenerated: Bool
    var development: Bool
    var logLevel: Logger.Level
    var logFormat: LogFormat
    /// The operator's backups page: the daily backups' directory and the handover packages' (read-only; unset: not shown).
    var backupDirectory: String?
    var handoverDirectory: String?

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> WebSettings {
        var env = EnvironmentReader(environment)
        let host = env.optional("QLVB_HTTP_HOST", default: "127.0.0.1")
        let port = env.int("QLVB_HTTP_PORT", default: 8088, range: 1...65535)
        let agenciesText = env.required("QLVB_WEB_AGENCIES", "the hosted agencies as code=short name=name;… (like QLVB_ROUTING_AGENCIES)")
        let agencies = SiteAgency.parseList(agenciesText) ?? {
            env.reportInvalid("QLVB_WEB_AGENCIES", value: agenciesText, expected: "code=short name=name;…")
            return []
        }()
        let routing = env.url("QLVB_WEB_ROUTING_URL", "routing's base URL, e.g. http://routing", schemes: ["http", "https"])
        let numbering = env.url("QLVB_WEB_NUMBERING_URL", "numbering's base URL, e.g. http://numbering", schemes: ["http", "https"])
        var others: [ServiceClient.Service: String] = [:]
        for service in [ServiceClient.Service.intake, .signing, .dispatch, .archive, .notifications] {
            let name = "QLVB_WEB_\(service.rawValue.uppercased())_URL"
            guard let text = env.optional(name) else { continue }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                env.reportInvalid(name, value: text, expected: "\(service.rawValue)'s base URL, e.g. http://\(service.rawValue)")
                continue
            }
            others[service] = text
        }
        // PEM text (with \n escapes) or the path of a PEM file, as for the services.
        var pem = ""
        if let value = env.value("QLVB_AUTH_PUBLIC_KEY"), value.hasPrefix("-----BEGIN") {
            pem = value.replacingOccurrences(of: "\\n", with: "\n")
        } else if let file = env.readableFile("QLVB_AUTH_PUBLIC_KEY") {
            pem = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        } else if env.value("QLVB_AUTH_PUBLIC_KEY") == nil {
            env.report("QLVB_AUTH_PUBLIC_KEY", "QLVB_AUTH_PUBLIC_KEY is not set: the web interface verifies the tokens it keeps")
        }
        var csrfKey = SymmetricKey(size: .bits256)
        var generated = true
        if let secretFile = env.readableFile("QLVB_WEB_CSRF_KEY_FILE"), let data = FileManager.default.contents(atPath: secretFile.path) {
            csrfKey = SymmetricKey(data: SHA256.hash(data: data))
            generated = false
        }
        let backupDirectory = env.optional("QLVB_WEB_BACKUP_DIR")
        let handoverDirectory = env.optional("QLVB_WEB_HANDOVER_DIR")
        let development = ["1", "true", "yes"].contains(env.optional("QLVB_DEVELOPMENT", default: "0").lowercased())
        let level = env.choice("QLVB_LOG_LEVEL", default: LevelChoice.info)
        let format = env.choice("QLVB_LOG_FORMAT", default: LogFormat.text)
        try env.finish()
        return WebSettings(
            host: host, port: port, agencies: agencies, baseDomain: env.optional("QLVB_WEB_BASE_DOMAIN"),
            routingURL: routing.absoluteString, numberingURL: numbering.absoluteString, otherURLs: others, publicKeyPEM: pem, csrfKey: csrfKey,
            csrfKeyGenerated: generated, development: development, logLevel: level.level, logFormat: format,
            backupDirectory: backupDirectory, handoverDirectory: handoverDirectory)
    }
}

enum LevelChoice: String, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
}
