import Auth
import Foundation
import ServiceKit

/// The routing service's own settings (`QLVB_ROUTING_*`, documented in docs/configuration.md): the token signing key,
/// sign-in policy, and what to create at start so a fresh install can sign in.
struct PeopleConfig: Sendable {
    /// PKCS#8 PEM of the Ed25519 key that signs tokens; nil: sign-in answers 503.
    var privateKeyPEM: String?
    var settings: PeopleSettings
    /// Hosted agencies created at start when missing.
    var agencies: [Agency]
    var admin: AdminAccount?

    /// The first system admin (quản trị hệ thống), created at start when missing; an existing account is left alone.
    struct AdminAccount: Sendable {
        var account: String
        var fullName: String
        var password: String
    }

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> PeopleConfig {
        var env = EnvironmentReader(environment)
        let keyName = "QLVB_ROUTING_TOKEN_PRIVATE_KEY_FILE"
        var privateKeyPEM: String?
        if let path = env.value(keyName) {
            if let pem = try? String(contentsOfFile: path, encoding: .utf8), (try? TokenIssuer(privateKeyPEM: pem)) != nil {
                privateKeyPEM = pem
            } else {
                env.reportInvalid(keyName, value: path, expected: "a readable file holding an Ed25519 private key in PEM form (openssl genpkey -algorithm ed25519)")
            }
        }
        var settings = PeopleSettings()
        settings.tokenTTL = env.duration("QLVB_ROUTING_TOKEN_TTL", default: settings.tokenTTL, range: .seconds(60) ... .seconds(24 * 3600))
        settings.maxFailures = env.int("QLVB_ROUTING_SIGN_IN_MAX_FAILURES", default: settings.maxFailures, range: 1...100)
        settings.lockDuration = env.duration("QLVB_ROUTING_SIGN_IN_LOCK", default: settings.lockDuration, range: .seconds(1) ... .seconds(24 * 3600))

        let agencies = parseAgencies(&env)
        var admin: AdminAccount?
        if let account = env.value("QLVB_ROUTING_ADMIN_ACCOUNT") {
            let passwordName = "QLVB_ROUTING_ADMIN_PASSWORD_FILE"
            let path = env.required(passwordName, "file holding the first admin's initial password (at least 8 characters)")
            let password = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .newlines) ?? ""
            if !path.isEmpty, password.count < 8 {
                env.reportInvalid(passwordName, value: path, expected: "a readable file holding a password of at least 8 characters")
            }
            if account.wholeMatch(of: /[a-z0-9]+\.[a-z0-9]+/) == nil {
                env.reportInvalid("QLVB_ROUTING_ADMIN_ACCOUNT", value: account, expected: "an account such as quantri.ubnd (its suffix is a hosted agency's short name)")
            }
            admin = AdminAccount(
                account: account, fullName: env.optional("QLVB_ROUTING_ADMIN_NAME", default: "Quản trị hệ thống"), password: password)
        }
        try env.finish()
        return PeopleConfig(privateKeyPEM: privateKeyPEM, settings: settings, agencies: agencies, admin: admin)
    }

    /// `QLVB_ROUTING_AGENCIES=000.00.00.H52=ubnd=Ủy ban nhân dân tỉnh Sơn La;000.00.01.H52=stc=Sở Tài chính`.
    private static func parseAgencies(_ env: inout EnvironmentReader) -> [Agency] {
        let name = "QLVB_ROUTING_AGENCIES"
        guard let text = env.value(name) else { return [] }
        var agencies: [Agency] = []
        for item in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3 else {
                env.reportInvalid(name, value: item, expected: "code=shortname=name, e.g. 000.00.00.H52=ubnd=Ủy ban nhân dân tỉnh Sơn La")
                continue
            }
            do {
                try Agency.validate(code: parts[0], name: parts[2], shortName: parts[1])
                agencies.append(Agency(code: parts[0], name: parts[2], shortName: parts[1]))
            } catch {
                env.report(name, "\(name): \(error.message)")
            }
        }
        return agencies
    }
}
