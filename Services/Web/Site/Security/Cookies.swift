import Foundation

/// The site's cookies: HttpOnly always, Secure outside development, SameSite=Lax (a link from an e-mail still opens
/// the page signed in; cross-site POSTs carry no cookie), scoped to the site's path when the site is a path prefix.
public struct CookiePolicy: Sendable {
    public var secure: Bool

    public init(secure: Bool) { self.secure = secure }

    public func set(_ name: String, _ value: String, path: String, maxAge: Int?) -> String {
        var parts = ["\(name)=\(value)", "Path=\(path.isEmpty ? "/" : path)", "HttpOnly", "SameSite=Lax"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    public func clear(_ name: String, path: String) -> String { set(name, "", path: path, maxAge: 0) }

    /// The request's cookies by name (the first of a repeated name wins).
    public static func parse(_ header: String?) -> [String: String] {
        var cookies: [String: String] = [:]
        for pair in (header ?? "").split(separator: ";") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, cookies[kv[0]] == nil else { continue }
            cookies[kv[0]] = kv[1]
        }
        return cookies
    }
}
