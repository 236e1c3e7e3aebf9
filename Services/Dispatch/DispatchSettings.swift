import Foundation
import ServiceKit

/// The dispatch service's own configuration (`QLVB_DISPATCH_*`).
///
/// | Variable | Meaning |
/// |---|---|
/// | `QLVB_DISPATCH_AXIS_URL` | Base URL of the axis adapter (trục liên thông); status packets are POSTed to `<url>/status`. Default `http://127.0.0.1:8090/`. |
struct DispatchSettings: Sendable {
    var axisURL: URL

    static let defaultAxisURL = "http://127.0.0.1:8090/"

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> DispatchSettings {
        var env = EnvironmentReader(environment)
        let name = EnvironmentReader.name(service: "dispatch", "AXIS_URL")
        let text = env.optional(name, default: defaultAxisURL)
        let url = URL(string: text)
        if url == nil { env.report(name, "\(name)='\(text)' is not a URL") }
        try env.finish()
        return DispatchSettings(axisURL: url ?? URL(string: defaultAxisURL)!)
    }
}
