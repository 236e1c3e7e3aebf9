import Auth
import Crypto
import Foundation
import ServiceKit

/// The routing service's own settings (`QLVB_ROUTING_*`, documented in docs/configuration.md), read once at start
/// through one reader so every problem is reported together: the token signing key, sign-in policy, what to create
/// at start so a fresh install can sign in, and the deadline scheduler.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `QLVB_ROUTING_TOKEN_PRIVATE_KEY_FILE` | unset (sign-in answers 503) | Ed25519 private key (PEM) that signs tokens |
/// | `QLVB_ROUTING_TOKEN_TTL` | `8h` (1m–24h) | lifetime of a sign-in token |
/// | `QLVB_ROUTING_SIGN_IN_MAX_FAILURES` | `5` (1–100) | failed sign-ins in a row that lock the account name for that source address |
/// | `QLVB_ROUTING_SIGN_IN_SOURCE_FREE_FAILURES` | `10` (1–1000) | failures from one address before it waits 1 s, 2 s, 4 s… per attempt |
/// | `QLVB_ROUTING_SIGN_IN_LOCK` | `15m` (1s–24h) | how long a locked name refuses sign-in from that address; an address's longest delay |
/// | `QLVB_ROUTING_SIGN_IN_CONCURRENT_PER_SOURCE` | `8` (1–1000) | password hashes one address may have running at once |
/// | `QLVB_ROUTING_TRUSTED_PROXIES` | `127.0.0.0/8,::1` | proxies whose `X-Forwarded-For` names the client sign-in throttling counts ("none": nobody) |
/// | `QLVB_ROUTING_PASSWORD_MIN_LENGTH` | `10` (8–128) | characters (after NFC) a new password needs; common ones are refused |
/// | `QLVB_ROUTING_AGENCIES` | unset | hosted agencies created at start: `code=shortname=name;…` |
/// | `QLVB_ROUTING_ADMIN_ACCOUNT`, `…_ADMIN_PASSWORD_FILE`, `…_ADMIN_NAME` | unset | the installation's operator (and admin of its agency) |
/// | `QLVB_ROUTING_DEADLINE_POLL` | `1m` (100ms–24h) | how often the deadline scheduler looks for due-soon and overdue tasks |
/// | `QLVB_ROUTING_DUE_SOON_WORKING_DAYS` | `1` (1–10) | working days before a deadline that count as due soon |
/// | `QLVB_ROUTING_AUDIT_KEY_FILE` | unset (no checkpoints, a warning) | Ed25519 private key (PEM) that signs audit checkpoints |
/// | `QLVB_ROUTING_AUDIT_CHECKPOINT_INTERVAL` | `5m` (1s–24h) | how often the audit log is verified and a checkpoint signed |
struct RoutingSettings: Sendable {
    /// PKCS#8 PEM of the Ed25519 key that signs tokens; nil: sign-in answers 503.
    var privateKeyPEM: String?
    var settings: PeopleSettings
    /// Hosted agencies created at start when missing.
    var agencies: [Agency]
    var admin: AdminAccount?
    /// The deadline scheduler (`OverdueScheduler`).
    var deadlines = OverdueScheduler.Settings()
    /// Signed checkpoints of the audit log (`AuditCheckpointer`).
    var audit = AuditCheckpointer.Settings()

    /// The installation's operator (người vận hành), created at start when missing with the roles operator and admin;
    /// an existing account keeps its password and is given the operator role if it lacks it.
    struct AdminAccount: Sendable {
        var account: String
        var fullName: String
        var password: String
    }

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> RoutingSettings {
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
        settings.passwordPolicy.minimumLength = env.int(
            "QLVB_ROUTING_PASSWORD_MIN_LENGTH", default: settings.passwordPolicy.minimumLength, range: 8...128)
        settings.sourceFreeFailures = env.int(
            "QLVB_ROUTING_SIGN_IN_SOURCE_FREE_FAILURES", default: settings.sourceFreeFailures, range: 1...1000)
        settings.lockDuration = env.duration("QLVB_ROUTING_SIGN_IN_LOCK", default: settings.lockDuration, range: .seconds(1) ... .seconds(24 * 3600))
        settings.maxConcurrentHashesPerSource = env.int(
            "QLVB_ROUTING_SIGN_IN_CONCURRENT_PER_SOURCE", default: settings.maxConcurrentHashesPerSource, range: 1...1000)
        if let list = env.value("QLVB_ROUTING_TRUSTED_PROXIES") {
            if list.trimmingCharacters(in: .whitespaces) == "none" {
                settings.trustedProxies = .none
            } else if let parsed = try? TrustedProxies(parsing: list) {
                settings.trustedProxies = parsed
            } else {
                env.reportInvalid(
                    "QLVB_ROUTING_TRUSTED_PROXIES", value: list,
                    expected: "addresses or CIDR blocks separated by commas, e.g. 127.0.0.1,10.42.0.0/16 (or none)")
            }
        }

        let agencies = parseAgencies(&env)
        var admin: AdminAccount?
        if let account = env.value("QLVB_ROUTING_ADMIN_ACCOUNT") {
            let passwordName = "QLVB_ROUTING_ADMIN_PASSWORD_FILE"
            let minimum = settings.passwordPolicy.minimumLength
            let path = env.required(passwordName, "file holding the first admin's initial password (at least \(minimum) characters)")
            let password = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .newlines) ?? ""
            // The first admin's password obeys the policy every other password does.
            if !path.isEmpty, (try? settings.passwordPolicy.check(password)) == nil {
                env.reportInvalid(
                    passwordName, value: path,
                    expected: "a readable file holding a password of at least \(minimum) characters that is not a common one")
            }
            if account.wholeMatch(of: /[a-z0-9]+\.[a-z0-9]+/) == nil {
                env.reportInvalid("QLVB_ROUTING_ADMIN_ACCOUNT", value: account, expected: "an account such as quantri.ubnd (its suffix is a hosted agency's short name)")
            }
            admin = AdminAccount(
                account: account, fullName: env.optional("QLVB_ROUTING_ADMIN_NAME", default: "Quản trị hệ thống"), password: password)
        }
        let deadlines = OverdueScheduler.Settings.read(&env)
        let audit = AuditCheckpointer.Settings(
            key: auditPrivateKey(&env),
            interval: env.duration("QLVB_ROUTING_AUDIT_CHECKPOINT_INTERVAL", default: .seconds(300), range: .seconds(1) ... .seconds(86_400)))
        try env.finish()
        return RoutingSettings(
            privateKeyPEM: privateKeyPEM, settings: settings, agencies: agencies, admin: admin, deadlines: deadlines, audit: audit)
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

    /// What `routing audit verify|checkpoint` needs: the database as routing's role (`QLVB_ROUTING_PG_URL`, or
    /// `QLVB_PG_URL` with `QLVB_DEVELOPMENT=1`), and for checkpoints `QLVB_BLOB_ROOT` with the audit key — the
    /// private one (`QLVB_ROUTING_AUDIT_KEY_FILE`), or for verifying only its public half
    /// (`QLVB_ROUTING_AUDIT_PUBLIC_KEY_FILE`). Without a key, verification reads the whole log and cannot see a
    /// truncation.
    struct AuditTool: Sendable {
        var databaseURL: URL
        var blobRoot: URL?
        var privateKey: Curve25519.Signing.PrivateKey?
        var publicKey: Curve25519.Signing.PublicKey?
    }

    static func auditTool(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> AuditTool {
        var env = EnvironmentReader(environment)
        let url = env.databaseURL(service: "routing")
        let privateKey = auditPrivateKey(&env)
        var publicKey = privateKey?.publicKey
        let publicName = "QLVB_ROUTING_AUDIT_PUBLIC_KEY_FILE"
        if let path = env.value(publicName) {
            if let pem = try? String(contentsOfFile: path, encoding: .utf8), let key = AuditKey.publicKey(pem: pem) {
                publicKey = key
            } else {
                env.reportInvalid(publicName, value: path, expected: "a readable file holding an Ed25519 public key in PEM form")
            }
        }
        var blobRoot: URL?
        if publicKey != nil { blobRoot = env.absolutePath("QLVB_BLOB_ROOT", "the blob store that holds the audit checkpoints") }
        try env.finish()
        return AuditTool(databaseURL: url, blobRoot: blobRoot, privateKey: privateKey, publicKey: publicKey)
    }

    private static func auditPrivateKey(_ env: inout EnvironmentReader) -> Curve25519.Signing.PrivateKey? {
        let name = "QLVB_ROUTING_AUDIT_KEY_FILE"
        guard let path = env.value(name) else { return nil }
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8), let key = AuditKey.privateKey(pem: pem) else {
            env.reportInvalid(name, value: path, expected: "a readable file holding an Ed25519 private key in PEM form (openssl genpkey -algorithm ed25519)")
            return nil
        }
        return key
    }
}
