import Foundation

/// Parses durations written with a unit, as in `QLVB_RETRY_DELAYS=1s,10s,60s`.
///
/// A unit is mandatory: a bare `500` would be ambiguous between `QLVB_OUTBOX_POLL` (ms) and a
/// heartbeat (s), and guessing wrong by a factor of 1000 is worse than refusing to start.
enum DurationParser {
    static let expectation = "a duration with a unit such as 500ms, 10s, 1m or 1h"

    static func parse(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, make: (Int64) -> Duration)] = [
            ("ms", { .milliseconds($0) }),
            ("s", { .seconds($0) }),
            ("m", { .seconds($0 * 60) }),
            ("h", { .seconds($0 * 3600) }),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let amount = Int64(text.dropLast(unit.suffix.count)), amount >= 0, amount <= 10_000_000 else { return nil }
            return unit.make(amount)
        }
        return nil
    }

    static func parseList(_ text: String) -> [Duration]? {
        var result: [Duration] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let duration = parse(String(item)) else { return nil }
            result.append(duration)
        }
        return result
    }

    /// The canonical spelling, used in messages and in docs: `1500ms`, `10s`.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds)s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
    }
}
