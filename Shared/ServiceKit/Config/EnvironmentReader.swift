import Foundation

/// Reads `QLVB_*` variables and collects every problem instead of stopping at the first.
///
/// Each accessor returns a usable value or, when the variable is missing or invalid, records a
/// `ConfigError.Problem` and returns a placeholder; `finish()` then throws all problems at once, so
/// values must not be used before it returns. Blank values count as unset (compose's `VAR=`).
///
/// Services read their own variables through the same reader, named `QLVB_<SERVICE>_<KEY>`:
/// ```swift
/// let (config, keyDir) = try ServiceConfig.load(service: "signing") { env in
///     env.absolutePath(EnvironmentReader.name(service: "signing", "KEY_DIR"), "directory of signing keys")
/// }
/// ```
public struct EnvironmentReader: Sendable {
    public let environment: [String: String]
    public private(set) var problems: [ConfigError.Problem] = []

    public init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// `QLVB_<SERVICE>_<KEY>`, e.g. `name(service: "signing", "KEY_DIR")` is `QLVB_SIGNING_KEY_DIR`.
    public static func name(service: String, _ key: String) -> String {
        "QLVB_\(service.uppercased())_\(key.uppercased())"
    }

    /// The trimmed value, or nil when unset or blank.
    public func value(_ name: String) -> String? {
        guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
        return raw
    }

    /// Records a problem found by the caller's own validation.
    public mutating func report(_ name: String, _ message: String) {
        problems.append(.init(variable: name, message: message))
    }

    /// Records "`name`='`value`' is not `expectation`".
    public mutating func reportInvalid(_ name: String, value: String, expected expectation: String) {
        report(name, "\(name)='\(value)' is not \(expectation)")
    }

    public mutating func required(_ name: String, _ help: String) -> String {
        guard let value = value(name) else {
            report(name, "\(name) is not set: \(help)")
            return ""
        }
        return value
    }

    public func optional(_ name: String) -> String? {
        value(name)
    }

    public func optional(_ name: String, default defaultValue: String) -> String {
        value(name) ?? defaultValue
    }

    /// A whole number in `range`; required when `default` is nil.
    public mutating func int(_ name: String, default defaultValue: Int? = nil, range: ClosedRange<Int>, help: String = "") -> Int {
        guard let text = value(name) else {
            if let defaultValue { return defaultValue }
            report(name, "\(name) is not set: \(help.isEmpty ? "a whole number between \(range.lowerBound) and \(range.upperBound)" : help)")
            return range.lowerBound
        }
        guard let number = Int(text), range.contains(number) else {
            reportInvalid(name, value: text, expected: "a whole number between \(range.lowerBound) and \(range.upperBound)")
            return defaultValue ?? range.lowerBound
        }
        return number
    }

    /// A duration with a unit (`500ms`, `10s`, `1m`, `1h`), optionally bounded.
    public mutating func duration(_ name: String, default defaultValue: Duration, range: ClosedRange<Duration>? = nil) -> Duration {
        guard let text = value(name) else { return defaultValue }
        guard let duration = DurationParser.parse(text), range?.contains(duration) ?? true else {
            let bounds = range.map { " between \(DurationParser.format($0.lowerBound)) and \(DurationParser.format($0.upperBound))" } ?? ""
            reportInvalid(name, value: text, expected: DurationParser.expectation + bounds)
            return defaultValue
        }
        return duration
    }

    /// A comma-separated list of durations, e.g. `1s,10s,60s`.
    public mutating func durations(_ name: String, default defaultValue: [Duration]) -> [Duration] {
        guard let text = value(name) else { return defaultValue }
        guard let list = DurationParser.parseList(text) else {
            reportInvalid(name, value: text, expected: "a comma-separated list of durations such as 1s,10s,60s (units ms, s, m, h)")
            return defaultValue
        }
        return list
    }

    /// One of the raw values of `T`, e.g. a log level.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: T) -> T where T.RawValue == String {
        guard let text = value(name) else { return defaultValue }
        guard let choice = T(rawValue: text.lowercased()) else {
            reportInvalid(name, value: text, expected: "one of " + T.allCases.map(\.rawValue).joined(separator: "|"))
            return defaultValue
        }
        return choice
    }

    /// A required URL with a host and one of `schemes`.
    public mutating func url(_ name: String, _ help: String, schemes: Set<String>) -> URL {
        let placeholder = URL(string: "invalid://unset")!
        let text = required(name, help)
        guard !text.isEmpty else { return placeholder }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme), url.host?.isEmpty == false else {
            // Credentials stay out of the message: only the scheme and host would be safe to echo.
            report(name, "\(name) is not a URL of the form \(schemes.sorted().joined(separator: "|"))://host…: \(help)")
            return placeholder
        }
        return url
    }

    /// The service's PostgreSQL URL: `QLVB_<SERVICE>_PG_URL`, connecting as the service's own role (made by the
    /// installation step, `infra/postgres/install`), which owns its schema and cannot read another's. The shared
    /// `QLVB_PG_URL` is accepted in its place only on a developer's machine (`QLVB_DEVELOPMENT=1`): in production one
    /// role for every service would let any of them read or change every other's tables.
    public mutating func databaseURL(service: String) -> URL {
        let own = Self.name(service: service, "PG_URL")
        let schemes: Set<String> = ["postgres", "postgresql"]
        if value(own) == nil, value("QLVB_PG_URL") != nil {
            if value("QLVB_DEVELOPMENT") == "1" {
                return url("QLVB_PG_URL", "PostgreSQL connection URL, e.g. postgresql://qlvb:qlvb@127.0.0.1:55432/qlvb", schemes: schemes)
            }
            report(own, "\(own) is not set: \(service) connects as its own database role (infra/postgres/install); "
                + "the shared QLVB_PG_URL is accepted only on a developer's machine (QLVB_DEVELOPMENT=1)")
            return URL(string: "invalid://unset")!
        }
        return url(own, "PostgreSQL URL of \(service)'s own role, e.g. postgresql://qlvb_\(service):…@127.0.0.1:55432/qlvb", schemes: schemes)
    }

    /// A required absolute filesystem path (relative paths depend on the working directory, so they are refused).
    public mutating func absolutePath(_ name: String, _ help: String) -> URL {
        let text = required(name, help)
        guard !text.isEmpty else { return URL(fileURLWithPath: "/nonexistent") }
        guard text.hasPrefix("/") else {
            reportInvalid(name, value: text, expected: "an absolute path: \(help)")
            return URL(fileURLWithPath: "/nonexistent")
        }
        return URL(fileURLWithPath: text, isDirectory: true)
    }

    /// An optional path to a file that must exist and be readable when set.
    public mutating func readableFile(_ name: String) -> URL? {
        guard let text = value(name) else { return nil }
        guard FileManager.default.isReadableFile(atPath: text) else {
            reportInvalid(name, value: text, expected: "a readable file")
            return nil
        }
        return URL(fileURLWithPath: text)
    }

    /// Throws every recorded problem, if any.
    public func finish() throws(ConfigError) {
        if !problems.isEmpty { throw ConfigError(problems: problems) }
    }
}
