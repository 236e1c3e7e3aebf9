import Auth
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The services' HTTP APIs the handover reads (numbering's registers, routing's agencies and audit log, archive's
/// dossiers), each with a token for the agency being exported: the package holds what each service says of that
/// agency and year, never rows read from another service's tables.
struct ServiceAPI {
    var urls: [String: URL]
    var tokens: TokenSource

    /// Tokens: one given token (one agency), or minted per agency from the token key the operator holds.
    enum TokenSource {
        case fixed(String)
        case key(TokenIssuer, account: String)

        func token(agency: String, roles: Set<Role>) async throws -> String {
            switch self {
            case .fixed(let token): return token
            case .key(let issuer, let account):
                return try await issuer.issue(Identity(account: account, agency: agency, roles: roles, onBehalfOf: nil), audience: nil, ttl: .seconds(3600))
            }
        }
    }

    static let developmentPorts = ["routing": 8082, "numbering": 8084, "archive": 8086]

    /// `NAME=URL` values (repeatable), else QLVB_ADMIN_URLS, else the local ports of scripts/run.
    init(specs: [String], tokens: TokenSource) throws {
        var urls = Self.developmentPorts.mapValues { URL(string: "http://127.0.0.1:\($0)")! }
        var given = specs
        if given.isEmpty, let list = ProcessInfo.processInfo.environment["QLVB_ADMIN_URLS"] { given = list.split(separator: ",").map(String.init) }
        for spec in given {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let url = URL(string: parts[1]), url.scheme?.hasPrefix("http") == true else { throw CLIError("expected NAME=URL: \(spec)") }
            urls[parts[0]] = url
        }
        self.urls = urls
        self.tokens = tokens
    }

    struct Answer { var status: Int; var body: Data }

    /// GET; nil when the service cannot be reached (the caller decides whether that is fatal).
    func get(_ service: String, _ path: String, query: [URLQueryItem] = [], agency: String, roles: Set<Role>) async throws -> Answer? {
        guard let base = urls[service] else { return nil }
        var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query }
        var request = URLRequest(url: components.url!)
        request.setValue("Bearer \(try await tokens.token(agency: agency, roles: roles))", forHTTPHeaderField: "Authorization")
        request.timeoutInterval = 120
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        } catch {
            return nil
        }
    }

    /// GET that must succeed.
    func require(_ service: String, _ path: String, query: [URLQueryItem] = [], agency: String, roles: Set<Role>) async throws -> Data {
        guard let answer = try await get(service, path, query: query, agency: agency, roles: roles) else {
            throw CLIError("\(service) (\(urls[service]?.absoluteString ?? "no URL")) unreachable")
        }
        guard (200..<300).contains(answer.status) else {
            throw CLIError("\(service) \(path): HTTP \(answer.status): \(String(decoding: answer.body.prefix(300), as: UTF8.self))")
        }
        return answer.body
    }
}

/// JSON as the package stores it: keys sorted, indented, so the same record always gives the same bytes.
enum CanonicalJSON {
    static func data(_ object: Any) throws -> Data {
        var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    static func object(_ data: Data) throws -> Any { try JSONSerialization.jsonObject(with: data) }
}
