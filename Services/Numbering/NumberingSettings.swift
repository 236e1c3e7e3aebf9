import Foundation
import ServiceKit

/// The numbering service's own configuration (`QLVB_NUMBERING_*`).
///
/// | Variable | Meaning |
/// |---|---|
/// | `QLVB_NUMBERING_AGENCIES` | Names of the hosted agencies for the register's heading, `code=name` pairs separated by `;` (see ``AgencyDirectory``). Unlisted agencies print their code. |
struct NumberingSettings: Sendable {
    var agencies: AgencyDirectory

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> NumberingSettings {
        let env = EnvironmentReader(environment)
        let agencies = AgencyDirectory(parsing: env.optional(EnvironmentReader.name(service: "numbering", "AGENCIES")) ?? "")
        try env.finish()
        return NumberingSettings(agencies: agencies)
    }
}
