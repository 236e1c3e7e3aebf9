import Contracts
import Foundation
import ServiceKit

/// The dispatch service's own configuration (`QLVB_DISPATCH_*`).
///
/// | Variable | Meaning |
/// |---|---|
/// | `QLVB_DISPATCH_AXIS_URL` | Base URL of the axis adapter (trục liên thông); packets are POSTed to `<url>/edoc` and `<url>/status`. Default `http://127.0.0.1:8090/`. |
/// | `QLVB_DISPATCH_HOSTED_AGENCIES` | Agencies hosted by this installation, whose packets go straight to intake over AMQP instead of the axis: `code;code…`, or intake's `code=name=short;…` (so it may be set to `QLVB_INTAKE_AGENCIES`). Default: none. |
/// | `QLVB_DISPATCH_KEY_DIR` | Directory of the agencies' PKCS#12 keys, `<agency code>.p12` (signing's key directory): outgoing packets carry an XML signature with the agency's certificate. Unset: packets go unsigned (development only). |
/// | `QLVB_DISPATCH_KEY_PASSWORD` | Password of those keys. |
/// | `QLVB_DISPATCH_ZIP_ATTACHMENTS` | `1` (default): each attachment travels in a one-entry ZIP, as the government SDK sends it; `0`: plain base64. |
/// | `QLVB_DISPATCH_RETRY` | Back-off of axis sends, e.g. `5s,30s,2m,10m,30m` (default): after the last one the recipient is `failed`, shown to the clerk. |
struct DispatchSettings: Sendable, CustomStringConvertible {
    var axisURL: URL
    var hostedAgencies: Set<String> = []
    var keyDirectory: URL?
    var keyPassword: String?
    var zipAttachments = true
    var retry: [Duration] = Self.defaultRetry
    /// How long a send in progress holds its recipient before another copy (or a restart) may take it over.
    var lease: Duration = .seconds(60)
    /// How often the sender looks for queued recipients when nothing woke it.
    var pollInterval: Duration = .seconds(1)

    static let defaultAxisURL = "http://127.0.0.1:8090/"
    static let defaultRetry: [Duration] = [.seconds(5), .seconds(30), .seconds(120), .seconds(600), .seconds(1800)]

    var description: String {
        "DispatchSettings(axis: \(axisURL), hosted: \(hostedAgencies.sorted()), keys: \(keyDirectory?.path ?? "none"), zip: \(zipAttachments))"
    }

    func isHosted(_ code: String) -> Bool { hostedAgencies.contains(code) }

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> DispatchSettings {
        var env = EnvironmentReader(environment)
        let name = { EnvironmentReader.name(service: "dispatch", $0) }
        let text = env.optional(name("AXIS_URL"), default: defaultAxisURL)
        let url = URL(string: text)
        if url == nil { env.report(name("AXIS_URL"), "\(name("AXIS_URL"))='\(text)' is not a URL") }
        var settings = DispatchSettings(axisURL: url ?? URL(string: defaultAxisURL)!)
        if let hosted = env.optional(name("HOSTED_AGENCIES")) {
            settings.hostedAgencies = parseHosted(hosted)
            if settings.hostedAgencies.contains(where: { !Organization.isValidCode($0) }) {
                env.reportInvalid(name("HOSTED_AGENCIES"), value: hosted, expected: "agency codes as code;code or code=name=short;…")
            }
        }
        if let dir = env.optional(name("KEY_DIR")) {
            settings.keyDirectory = URL(fileURLWithPath: dir, isDirectory: true)
            settings.keyPassword = env.value(name("KEY_PASSWORD"))
        }
        if let zip = env.optional(name("ZIP_ATTACHMENTS")) {
            guard zip == "0" || zip == "1" else {
                env.reportInvalid(name("ZIP_ATTACHMENTS"), value: zip, expected: "1 or 0")
                try env.finish()
                return settings
            }
            settings.zipAttachments = zip == "1"
        }
        settings.retry = env.durations(name("RETRY"), default: defaultRetry)
        try env.finish()
        return settings
    }

    /// `a;b` or `a=Name=short;b=Name=short`: the codes.
    static func parseHosted(_ text: String) -> Set<String> {
        Set(text.split(separator: ";").compactMap { item in
            let code = item.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return code.isEmpty ? nil : code
        })
    }
}
