import Foundation

/// The systems allowed to deliver to `POST /axis/deliveries`, each a `systemId` with its secret, the pair the
/// document axis SDK authenticates with (domain.md §1.2): the axis, or the province's LGSP connector, sends them
/// in the `systemid` and `secret` headers. (`Authorization` stays for people's bearer tokens.)
/// `QLVB_INTAKE_AXIS_CREDENTIALS` = `systemId:secret;…`.
struct AxisCredentials: Sendable {
    private let secrets: [String: [UInt8]]

    init(_ secrets: [String: String]) { self.secrets = secrets.mapValues { Array($0.utf8) } }

    /// Nobody is configured: deliveries are accepted from anyone (development only; intake warns at start).
    var isOpen: Bool { secrets.isEmpty }

    /// `systemId:secret` entries separated by `;`; nil when one is malformed.
    static func parse(_ text: String) -> AxisCredentials? {
        var secrets: [String: String] = [:]
        for entry in text.split(separator: ";") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let colon = entry.firstIndex(of: ":") else { return nil }
            let system = entry[..<colon].trimmingCharacters(in: .whitespaces)
            let secret = String(entry[entry.index(after: colon)...])
            guard !system.isEmpty, secret.utf8.count >= 16, secrets[system] == nil else { return nil }
            secrets[system] = secret
        }
        return secrets.isEmpty ? nil : AxisCredentials(secrets)
    }

    static let systemHeader = "systemid"
    static let secretHeader = "secret"

    /// The system the two headers prove, or nil.
    func system(id: String?, secret: String?) -> String? {
        guard let id, let secret, let expected = secrets[id] else { return nil }
        return Self.equalInConstantTime(expected, Array(secret.utf8)) ? id : nil
    }

    /// Compares without stopping at the first difference, so the time taken does not reveal the secret. The
    /// lengths are compared whole: folded into a byte, lengths 256 apart would look equal, and the extra bytes of
    /// the longer one compared with zeros.
    static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = a.count ^ b.count
        for i in 0..<max(a.count, b.count) {
            difference |= Int((i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0))
        }
        return difference == 0
    }
}
