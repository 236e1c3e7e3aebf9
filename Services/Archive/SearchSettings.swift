import Foundation
import ServiceKit

/// The search's configuration (`QLVB_ARCHIVE_SEARCH_*`).
///
/// | Variable | Meaning |
/// |---|---|
/// | `QLVB_ARCHIVE_SEARCH_MAX_WAIT` | How long `GET /search?after=…` waits for the index to show the named documents (default `3s`, at most `30s`). |
struct SearchSettings: Sendable {
    var maxWait: Duration = .seconds(3)

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> SearchSettings {
        var env = EnvironmentReader(environment)
        let wait = env.duration(EnvironmentReader.name(service: "archive", "SEARCH_MAX_WAIT"), default: .seconds(3), range: .zero ... .seconds(30))
        try env.finish()
        return SearchSettings(maxWait: wait)
    }
}
