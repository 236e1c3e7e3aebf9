import Foundation

/// A hosted agency as its site knows it: the code the APIs use, the short name in its address, its name.
public struct SiteAgency: Sendable, Equatable {
    public var code: String
    public var shortName: String
    public var name: String

    public init(code: String, shortName: String, name: String) {
        self.code = code
        self.shortName = shortName
        self.name = name
    }

    /// `code=short=name;…`, the format of `QLVB_ROUTING_AGENCIES`; nil when an entry is malformed.
    public static func parseList(_ text: String) -> [SiteAgency]? {
        var agencies: [SiteAgency] = []
        for entry in text.split(separator: ";") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, !parts[0].isEmpty, !parts[2].isEmpty,
                parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }), !parts[1].isEmpty
            else { return nil }
            agencies.append(SiteAgency(code: parts[0], shortName: parts[1].lowercased(), name: parts[2]))
        }
        return agencies
    }
}

/// Which agency's site (trang của cơ quan) a request is for (regulation art. 4.2, 6.3): the host name
/// `<short>.<base domain>` first, else the first path segment `/<short>/` for an installation on one host name.
public struct SiteDirectory: Sendable {
    public struct Resolution: Sendable, Equatable {
        public var agency: SiteAgency
        /// true when the host name chose the site: links then start at `/`, else at `/<short>`.
        public var byHost: Bool
        /// What links on the site start with: "" or "/<short>".
        public var base: String { byHost ? "" : "/\(agency.shortName)" }
    }

    public let agencies: [SiteAgency]
    public let baseDomain: String?

    public init(agencies: [SiteAgency], baseDomain: String?) {
        self.agencies = agencies
        self.baseDomain = baseDomain.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
    }

    public func agency(shortName: String) -> SiteAgency? {
        agencies.first { $0.shortName == shortName.lowercased() }
    }

    /// - Parameters:
    ///   - host: the `Host` header (a port is ignored).
    ///   - path: the request path, e.g. `/stc/hop-thu`.
    public func resolve(host: String?, path: String) -> Resolution? {
        if let baseDomain, let host = host.map(Self.hostName) {
            let suffix = "." + baseDomain
            if host.hasSuffix(suffix) {
                let label = String(host.dropLast(suffix.count))
                if !label.contains("."), let agency = agency(shortName: label) { return Resolution(agency: agency, byHost: true) }
            }
        }
        let first = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true).first
            .map { String($0.prefix { $0 != "?" }) }
        if let first, let agency = agency(shortName: first) { return Resolution(agency: agency, byHost: false) }
        return nil
    }

    /// `Host` without its port, lowercased; an IPv6 literal stays as it is.
    static func hostName(_ header: String) -> String {
        let host = header.lowercased()
        if host.hasPrefix("[") { return host }
        return String(host.split(separator: ":", maxSplits: 1).first ?? "")
    }
}
