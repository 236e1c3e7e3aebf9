import AxisHTTP
import Contracts
import Foundation
import OpenSSLSupport
import ServiceKit

/// Whether a packet's XML signature must be present (`QLVB_INTAKE_SIGNATURE`).
enum SignaturePolicy: String, CaseIterable, Sendable {
    /// Every packet must carry a valid signature.
    case required
    /// Unsigned packets are accepted; a signature that is present must verify.
    case optional
}

/// An agency hosted by this installation: packets addressed to it are registered here.
struct HostedAgency: Sendable, Hashable {
    var code: String
    var name: String
    var shortName: String
}

/// Intake's own settings, `QLVB_INTAKE_*` (defaults and examples in docs/intake.md).
///
/// | Variable | Meaning |
/// |---|---|
/// | `QLVB_INTAKE_AGENCIES` | Required. Hosted agencies, `code=name=short;…`. |
/// | `QLVB_INTAKE_SIGNATURE` | `required` or `optional` (default): whether a packet must carry a valid XML signature. |
/// | `QLVB_INTAKE_MAX_ATTACHMENT` | Largest attachment once decoded (`50MB` default, `512KB`, bytes). |
/// | `QLVB_INTAKE_AXIS_CREDENTIALS` | Systems allowed to push, `systemId:secret;…`. Required: without it intake does not start, unless `QLVB_DEVELOPMENT=1`. |
/// | `QLVB_INTAKE_POLL_URL` | The `service.endpoint` of an axis that must be polled with the axis SDK's protocol (https; http only with `QLVB_DEVELOPMENT=1`); unset: the axis pushes. |
/// | `QLVB_INTAKE_POLL_CREDENTIALS` | `systemId:secret;…`: the systems polled, each signing its requests with its secret. Required with `QLVB_INTAKE_POLL_URL`. |
/// | `QLVB_INTAKE_POLL_INTERVAL` | Pause between polls when nothing waits (default `2s`). |
/// | `QLVB_INTAKE_TRUST_ANCHORS` | PEM bundle of the CA roots an XML signature must chain to (the government CAs); unset: any certificate. |
/// | `QLVB_INTAKE_CRLS` | PEM revocation lists checked against the signer's certificate, separated by `:`. |
/// | `QLVB_DEVELOPMENT` | `1` on a developer's machine only (the dev scripts set it; compose and Kubernetes do not): intake may start open to any sender and poll over plain http. |
struct IntakeSettings: Sendable {
    var agencies: [HostedAgency]
    var signature: SignaturePolicy = .optional
    /// Decoded size limit of one attachment (Sơn La regulation art. 7.4: 50 MB).
    var maxAttachmentBytes: Int64 = 50 * 1024 * 1024
    /// The endpoint of an axis that must be polled; nil when the axis pushes.
    var pollURL: URL?
    var pollInterval: Duration = .seconds(2)
    /// Who may push deliveries (`QLVB_INTAKE_AXIS_CREDENTIALS`); open only in development.
    var axisCredentials = AxisCredentials([:])
    /// The systems the poller polls as (`QLVB_INTAKE_POLL_CREDENTIALS`).
    var pollSystems: [VXPSystem] = []
    /// Roots and revocation lists of XML signatures (`QLVB_INTAKE_TRUST_ANCHORS`, `QLVB_INTAKE_CRLS`).
    var trustStore: TrustStore?
    /// `QLVB_DEVELOPMENT=1`: the switch that lets intake fail open (no credentials, plain http). Never in production.
    var development = false

    func agency(_ code: String) -> HostedAgency? { agencies.first { $0.code == code } }

    static let agenciesHelp = "hosted agencies as code=name=short;…, e.g. 000.00.00.H52=UBND tỉnh Sơn La=ubnd"

    /// Reads the variables of `environment`; throws every problem at once.
    static func load(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, requireAgencies: Bool = true
    ) throws(ConfigError) -> IntakeSettings {
        var env = EnvironmentReader(environment)
        let settings = read(&env, requireAgencies: requireAgencies)
        // Fail closed: a service that would take packets from anyone starts only when a developer says so.
        if requireAgencies, settings.axisCredentials.isOpen, !settings.development {
            env.report(
                EnvironmentReader.name(service: "intake", "AXIS_CREDENTIALS"),
                "QLVB_INTAKE_AXIS_CREDENTIALS is not set: intake would accept packets from any sender. Set systemId:secret;… "
                    + "(chưa cấu hình thông tin xác thực trục: dịch vụ không khởi động), or QLVB_DEVELOPMENT=1 on a developer's machine")
        }
        try env.finish()
        return settings
    }

    /// The settings for `intake check`, offline: hosted agencies are optional (the command names one) and a variable
    /// that does not parse keeps its default instead of stopping the check.
    static func forOfflineCheck(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> IntakeSettings {
        var env = EnvironmentReader(environment)
        return read(&env, requireAgencies: false)
    }

    /// Reads the variables, recording problems in `env`.
    private static func read(_ env: inout EnvironmentReader, requireAgencies: Bool = true) -> IntakeSettings {
        let agenciesName = EnvironmentReader.name(service: "intake", "AGENCIES")
        var agencies: [HostedAgency] = []
        if let text = env.value(agenciesName) {
            if let parsed = parseAgencies(text) { agencies = parsed } else {
                env.reportInvalid(agenciesName, value: text, expected: agenciesHelp)
            }
        } else if requireAgencies {
            _ = env.required(agenciesName, agenciesHelp)
        }
        var settings = IntakeSettings(agencies: agencies)
        settings.development = env.value("QLVB_DEVELOPMENT") == "1"
        settings.signature = env.choice(EnvironmentReader.name(service: "intake", "SIGNATURE"), default: SignaturePolicy.optional)
        let maxName = EnvironmentReader.name(service: "intake", "MAX_ATTACHMENT")
        if let text = env.value(maxName) {
            if let bytes = parseSize(text) { settings.maxAttachmentBytes = bytes } else {
                env.reportInvalid(maxName, value: text, expected: "a size such as 50MB, 512KB or 1048576")
            }
        }
        let pollName = EnvironmentReader.name(service: "intake", "POLL_URL")
        if let text = env.value(pollName) {
            // The poller sends its secret: only over TLS, plain http on a developer's machine alone.
            let schemes: Set<String> = settings.development ? ["https", "http"] : ["https"]
            if let url = URL(string: text), let scheme = url.scheme, schemes.contains(scheme), url.host != nil { settings.pollURL = url } else {
                env.reportInvalid(
                    pollName, value: text,
                    expected: settings.development ? "the http(s) endpoint of the axis" : "the https endpoint of the axis (http only with QLVB_DEVELOPMENT=1)")
            }
        }
        settings.pollInterval = env.duration(EnvironmentReader.name(service: "intake", "POLL_INTERVAL"), default: .seconds(2))
        let anchorsName = EnvironmentReader.name(service: "intake", "TRUST_ANCHORS")
        if let path = env.value(anchorsName) {
            let crls = env.value(EnvironmentReader.name(service: "intake", "CRLS"))?.split(separator: ":").map(String.init) ?? []
            do { settings.trustStore = try TrustStore(rootsFile: path, crlFiles: crls) } catch {
                env.reportInvalid(anchorsName, value: path, expected: "a readable PEM bundle of CA certificates (and readable QLVB_INTAKE_CRLS): \(error.reason)")
            }
        }
        let pollCredentialsName = EnvironmentReader.name(service: "intake", "POLL_CREDENTIALS")
        if let text = env.value(pollCredentialsName) {
            if let systems = VXPSystem.parseList(text) { settings.pollSystems = systems } else {
                env.reportInvalid(pollCredentialsName, value: "(hidden)", expected: "systemId:secret;…, each secret at least 16 characters")
            }
        } else if settings.pollURL != nil {
            env.report(pollCredentialsName, "QLVB_INTAKE_POLL_URL is set but not QLVB_INTAKE_POLL_CREDENTIALS (systemId:secret;…): the axis refuses unsigned calls")
        }
        let credentialsName = EnvironmentReader.name(service: "intake", "AXIS_CREDENTIALS")
        if let text = env.value(credentialsName) {
            if let credentials = AxisCredentials.parse(text) { settings.axisCredentials = credentials } else {
                env.reportInvalid(
                    credentialsName, value: "(hidden)", expected: "systemId:secret entries separated by ';', each secret at least 16 characters")
            }
        }
        return settings
    }

    /// `code=name=short` entries separated by `;`; every code must be a valid mã định danh.
    static func parseAgencies(_ text: String) -> [HostedAgency]? {
        var result: [HostedAgency] = []
        for entry in text.split(separator: ";") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, Organization.isValidCode(parts[0]), !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
            result.append(HostedAgency(code: parts[0], name: parts[1], shortName: parts[2]))
        }
        return result.isEmpty ? nil : result
    }

    static func parseSize(_ text: String) -> Int64? {
        let upper = text.uppercased().replacingOccurrences(of: " ", with: "")
        for (suffix, factor) in [("GB", Int64(1) << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)] where upper.hasSuffix(suffix) {
            return Int64(upper.dropLast(suffix.count)).flatMap { $0 > 0 ? $0 * factor : nil }
        }
        return Int64(upper).flatMap { $0 > 0 ? $0 : nil }
    }
}
