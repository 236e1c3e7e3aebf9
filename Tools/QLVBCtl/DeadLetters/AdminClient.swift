import Contracts
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The admin APIs of the services (`/admin/dead-letters`), each service answering for its own
/// dead letters. Ids are UUIDs, so a command about one id asks each service until one knows it.
struct AdminClient {
    struct Endpoint { var service: String; var url: URL }

    let endpoints: [Endpoint]
    let token: String

    /// Local development ports of `scripts/run`, used when neither --url nor QLVB_ADMIN_URLS is given.
    static let developmentPorts = [
        ("intake", 8081), ("routing", 8082), ("signing", 8083), ("numbering", 8084), ("dispatch", 8085),
        ("archive", 8086), ("notifications", 8087),
    ]

    /// `--url` values or QLVB_ADMIN_URLS, each `NAME=URL` or a bare URL; `--service` narrows by name.
    init(urls: [String], services: [String], token: String?) throws {
        let environment = ProcessInfo.processInfo.environment
        var specs = urls
        if specs.isEmpty, let list = environment["QLVB_ADMIN_URLS"] { specs = list.split(separator: ",").map(String.init) }
        var endpoints: [Endpoint] = specs.isEmpty
            ? Self.developmentPorts.map { Endpoint(service: $0.0, url: URL(string: "http://127.0.0.1:\($0.1)")!) }
            : try specs.map { spec in
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                let (name, raw) = parts.count == 2 ? (parts[0], parts[1]) : (spec, spec)
                guard let url = URL(string: raw), url.scheme?.hasPrefix("http") == true else {
                    throw CLIError("not an http(s) URL: \(raw)")
                }
                return Endpoint(service: name, url: url)
            }
        if !services.isEmpty {
            endpoints = endpoints.filter { services.contains($0.service) }
            guard !endpoints.isEmpty else { throw CLIError("no service named \(services.joined(separator: ", ")) among the admin URLs") }
        }
        guard let token = token ?? environment["QLVB_ADMIN_TOKEN"], !token.isEmpty else {
            throw CLIError("an admin token is needed: --token or QLVB_ADMIN_TOKEN (qlvbctl token --role admin …)")
        }
        self.endpoints = endpoints
        self.token = token
    }

    struct Answer { var status: Int; var body: Data }

    func call(_ endpoint: Endpoint, _ method: String, _ path: String, query: [URLQueryItem] = [], body: Data? = nil, contentType: String = "application/json") async throws -> Answer {
        var components = URLComponents(url: endpoint.url.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query }
        var request = URLRequest(url: components.url!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        request.timeoutInterval = 30
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        } catch {
            throw CLIError("\(endpoint.service) (\(endpoint.url.absoluteString)) unreachable: \(error.localizedDescription)")
        }
    }

    /// A successful answer decoded, or the service's own error message.
    func decode<T: Decodable>(_: T.Type, _ answer: Answer, from endpoint: Endpoint) throws -> T {
        guard (200..<300).contains(answer.status) else { throw CLIError(Self.message(answer, endpoint)) }
        return try ContractCoding.decoder().decode(T.self, from: answer.body)
    }

    /// Asks every service; a service that is down or refuses is reported on standard error, not fatal.
    func everywhere<T: Decodable & Sendable>(_: T.Type, _ path: String, query: [URLQueryItem] = []) async -> [(service: String, value: T)] {
        var out: [(service: String, value: T)] = []
        for e in endpoints {
            do { out.append((e.service, try decode(T.self, try await call(e, "GET", path, query: query), from: e))) } catch {
                FileHandle.standardError.write(Data("warning: \(e.service): \(error)\n".utf8))
            }
        }
        return out
    }

    /// The lists of every service joined, each item with its service.
    func joined<T: Decodable & Sendable>(_: [T].Type, _ path: String, query: [URLQueryItem] = []) async -> [(String, T)] {
        await everywhere([T].self, path, query: query).flatMap { answer in answer.value.map { (answer.service, $0) } }
    }

    /// The service that has the dead letter or replay `path` names (404 elsewhere).
    func owner(of path: String) async throws -> (Endpoint, Answer) {
        var problems: [String] = []
        for e in endpoints {
            do {
                let a = try await call(e, "GET", path)
                if a.status == 200 { return (e, a) }
                if a.status != 404 { problems.append(Self.message(a, e)) }
            } catch { problems.append("\(error)") }
        }
        throw CLIError("not found in any service\(problems.isEmpty ? "" : " (" + problems.joined(separator: "; ") + ")")")
    }

    static func message(_ answer: Answer, _ endpoint: Endpoint) -> String {
        let text = (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any]).flatMap { ($0["error"] as? [String: Any])?["message"] as? String }
            ?? String(decoding: answer.body, as: UTF8.self)
        return "\(endpoint.service): HTTP \(answer.status): \(text)"
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
