import Contracts
import Foundation
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
/// | `QLVB_INTAKE_AXIS_CREDENTIALS` | Systems allowed to push, `systemId:secret;…`; unset: open (development only). |
/// | `QLVB_INTAKE_POLL_URL` | Feed of an axis that must be polled; unset: the axis pushes. |
/// | `QLVB_INTAKE_POLL_INTERVAL` | Pause between polls when the feed is empty (default `2s`). |
struct IntakeSettings: Sendable {
    var agencies: [HostedAgency]
    var signature: SignaturePolicy = .optional
    /// Decoded size limit of one attachment (Sơn La regulation art. 7.4: 50 MB).
    var maxAttachmentBytes: Int64 = 50 * 1024 * 1024
    /// JSON feed of an axis that must be polled; nil when the axis pushes.
    var pollURL: URL?
    var pollInterval: Duration = .seconds(2)
    /// Who may push deliveries (`QLVB_INTAKE_AXIS_CREDENTIALS`); open when unset.
    var axisCredentials = AxisCredentials([:])

    func agency(_ code: String) -> HostedAgency? { agencies.first { $0.code == code } }

    static let agenciesHelp = "hosted agencies as code=name=short;…, e.g. 000.00.00.H52=UBND tỉnh Sơn La=ubnd"

    /// Reads the variables of `environment`; throws every problem at once.
    static func load(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, requireAgencies: Bool = true
    ) throws(ConfigError) -> IntakeSettings {
        var env = EnvironmentReader(environment)
        let settings = read(&env, requireAgencies: requireAgencies)
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
        settings.signature = env.choice(EnvironmentReader.name(service: "intake", "SIGNATURE"), default: SignaturePolicy.optional)
        let maxName = EnvironmentReader.name(service: "intake", "MAX_ATTACHMENT")
        if let text = env.value(maxName) {
            if let bytes = parseSize(text) { settings.maxAttachmentBytes = bytes } else {
                env.reportInvalid(maxName, value: text, expected: "a size such as 50MB, 512KB or 1048576")
            }
        }
        let pollName = EnvironmentReader.name(service: "intake", "POLL_URL")
        if let text = env.value(pollName) {
            if let url = URL(string: text), url.scheme == "http" || url.scheme == "https" { settings.pollURL = url } else {
                env.reportInvalid(pollName, value: text, expected: "an http(s) URL of the axis feed")
            }
        }
        settings.pollInterval = env.duration(EnvironmentReader.name(service: "intake", "POLL_INTERVAL"), default: .seconds(2))
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
