import AxisHTTP
import Foundation
import ServiceKit

/// Where and as whom dispatch sends to the document axis, with the protocol of the government axis SDK 2.0.3
/// (docs/axis.md). Read apart from `DispatchSettings`, which keeps the rest of dispatch's configuration.
///
/// | Variable | Meaning |
/// |---|---|
/// | `QLVB_DISPATCH_AXIS_ENDPOINT` | The SDK's `service.endpoint`, e.g. `http://host:port/XrdAdapter/adapter`. When unset, `QLVB_DISPATCH_AXIS_URL` (the earlier name) is the endpoint; default `http://127.0.0.1:8090/XrdAdapter/adapter`. |
/// | `QLVB_DISPATCH_AXIS_SYSTEM_ID` | The installation's `systemid` on the axis, used for every sender without a system of its own. |
/// | `QLVB_DISPATCH_AXIS_SECRET` | Its secret (the HMAC key, 16+ characters). Set both or neither. |
/// | `QLVB_DISPATCH_AXIS_SYSTEMS` | Hosted agencies with a system of their own, `systemId:secret;…` (systemId = the agency's code): a packet from that agency is sent as it. |
struct DispatchAxisSettings: Sendable {
    var endpoint: String
    var systems: [VXPSystem] = []
    var installation: VXPSystem?

    static let defaultEndpoint = "http://127.0.0.1:8090/XrdAdapter/adapter"

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> DispatchAxisSettings {
        var env = EnvironmentReader(environment)
        let endpointName = EnvironmentReader.name(service: "dispatch", "AXIS_ENDPOINT")
        let legacyName = EnvironmentReader.name(service: "dispatch", "AXIS_URL")
        let text = env.value(endpointName) ?? env.value(legacyName) ?? defaultEndpoint
        if URL(string: text)?.host == nil { env.report(endpointName, "\(endpointName)='\(text)' is not an http(s) URL") }
        var settings = DispatchAxisSettings(endpoint: text)

        let idName = EnvironmentReader.name(service: "dispatch", "AXIS_SYSTEM_ID")
        let secretName = EnvironmentReader.name(service: "dispatch", "AXIS_SECRET")
        switch (env.value(idName), env.value(secretName)) {
        case (let id?, let secret?) where !id.isEmpty && secret.utf8.count >= 16:
            settings.installation = VXPSystem(systemId: id, secret: secret)
        case (nil, nil): break
        default: env.report(secretName, "\(idName) and \(secretName) go together, the secret at least 16 characters")
        }
        let systemsName = EnvironmentReader.name(service: "dispatch", "AXIS_SYSTEMS")
        if let text = env.value(systemsName) {
            if let systems = VXPSystem.parseList(text) { settings.systems = systems } else {
                env.reportInvalid(systemsName, value: "(hidden)", expected: "systemId:secret entries separated by ';', each secret at least 16 characters")
            }
        }
        try env.finish()
        return settings
    }
}
