import Foundation

/// An identity on the document axis: the SDK's `systemid` and its `secret` (the HMAC key, never sent).
public struct VXPSystem: Sendable, Hashable, CustomStringConvertible {
    public var systemId: String
    public var secret: String

    public init(systemId: String, secret: String) {
        self.systemId = systemId
        self.secret = secret
    }

    /// Never prints the secret.
    public var description: String { "\(systemId):(hidden)" }

    /// `systemId:secret` entries separated by `;`, each secret at least `minimumSecret` characters; nil when one is
    /// malformed or a system is named twice.
    public static func parseList(_ text: String, minimumSecret: Int = 16) -> [VXPSystem]? {
        var systems: [VXPSystem] = []
        for entry in text.split(separator: ";") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let colon = entry.firstIndex(of: ":") else { return nil }
            let id = entry[..<colon].trimmingCharacters(in: .whitespaces)
            let secret = String(entry[entry.index(after: colon)...])
            guard !id.isEmpty, secret.utf8.count >= minimumSecret, !systems.contains(where: { $0.systemId == id }) else { return nil }
            systems.append(VXPSystem(systemId: id, secret: secret))
        }
        return systems.isEmpty ? nil : systems
    }
}
