import Foundation

/// An agency the simulator plays the axis for: its `systemid` on the axis, the HMAC `secret`, its name, and the
/// endpoint its SDK is configured with (`service.endpoint`).
struct AxisAgency: Sendable, Hashable {
    var endpoint: String
    var systemId: String
    var secret: String
    var name: String
}

/// The simulator's agencies, from a tab-separated file (`.run/axis-agencies.tsv`, written by scripts/run): one agency
/// a line, `endpoint<TAB>systemId<TAB>secret<TAB>name`; empty lines and lines starting with `#` are skipped.
struct AxisAgencies: Sendable {
    var all: [AxisAgency]

    func agency(_ systemId: String) -> AxisAgency? { all.first { $0.systemId == systemId } }

    static func load(_ path: String) throws -> AxisAgencies {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var agencies: [AxisAgency] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard columns.count >= 4, !columns[1].isEmpty, !columns[2].isEmpty else {
                throw AgenciesError(description: "\(path):\(number + 1): expected endpoint, systemId, secret, name separated by tabs")
            }
            guard !agencies.contains(where: { $0.systemId == columns[1] }) else {
                throw AgenciesError(description: "\(path):\(number + 1): systemId \(columns[1]) appears twice")
            }
            agencies.append(AxisAgency(endpoint: columns[0], systemId: columns[1], secret: columns[2], name: columns[3...].joined(separator: " ")))
        }
        return AxisAgencies(all: agencies)
    }

    struct AgenciesError: Error, CustomStringConvertible {
        var description: String
    }
}

/// One line on standard output, written at once (a log file is not a terminal: `print` would buffer it, and the demo
/// reads the log as it grows).
func log(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
