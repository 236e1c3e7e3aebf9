import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Calls the services' HTTP APIs with the signed-in user's token; the site holds no data of its own.
public struct ServiceClient: Sendable {
    public enum Service: String, Sendable, CaseIterable { case intake, routing, signing, numbering, dispatch, archive, notifications }

    public struct Raw: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: ByteBuffer
    }

    let urls: [Service: String]
    let client: HTTPClient

    /// `others`: the services only the dead-letter pages call (each service's `/admin/dead-letters`).
    public init(routing: String, numbering: String, others: [Service: String] = [:], client: HTTPClient = .shared) {
        func trimmed(_ s: String) -> String { s.hasSuffix("/") ? String(s.dropLast()) : s }
        var urls = others.mapValues(trimmed)
        urls[.routing] = trimmed(routing)
        urls[.numbering] = trimmed(numbering)
        self.urls = urls
        self.client = client
    }

    /// The services this site knows the address of, in the system's order.
    public var configured: [Service] { Service.allCases.filter { urls[$0] != nil } }

    /// The bytes and headers of one call, whatever its status.
    public func raw(
        _ method: HTTPMethod, _ service: Service, _ path: String, token: String?, body: ByteBuffer? = nil,
        contentType: String = "application/json", forwardedFor: String? = nil, userAgent: String? = nil
    ) async throws -> Raw {
        guard let base = urls[service] else { throw APIRefusal.unreachable(service.rawValue) }
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let forwardedFor { request.headers.add(name: "X-Forwarded-For", value: forwardedFor) }
        if let userAgent { request.headers.add(name: "User-Agent", value: String(userAgent.prefix(200))) }
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(body)
        }
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            let bytes = try await response.body.collect(upTo: 64 << 20)
            return Raw(status: Int(response.status.code), headers: response.headers, body: bytes)
        } catch {
            throw APIRefusal.unreachable(service.rawValue)
        }
    }

    /// A JSON call: the decoded answer (`[:]` for an empty one), or the API's refusal.
    @discardableResult
    public func json(
        _ method: HTTPMethod, _ service: Service, _ path: String, token: String?, body: [String: Any]? = nil,
        forwardedFor: String? = nil, userAgent: String? = nil
    ) async throws -> [String: Any] {
        var buffer: ByteBuffer?
        if let body, let data = try? JSONSerialization.data(withJSONObject: body) { buffer = ByteBuffer(bytes: data) }
        let raw = try await raw(method, service, path, token: token, body: buffer, forwardedFor: forwardedFor, userAgent: userAgent)
        return try Self.decode(raw)
    }

    /// A JSON call answering an array (the dead letters' groups and replays).
    public func list(_ service: Service, _ path: String, token: String?) async throws -> [[String: Any]] {
        let raw = try await raw(.GET, service, path, token: token)
        _ = try Self.decode(raw)  // a refusal
        return (try? JSONSerialization.jsonObject(with: Data(raw.body.readableBytesView))) as? [[String: Any]] ?? []
    }

    static func decode(_ raw: Raw) throws -> [String: Any] {
        let object = raw.body.readableBytes == 0
            ? [:] : (try? JSONSerialization.jsonObject(with: Data(raw.body.readableBytesView))) as? [String: Any]
        guard (200..<300).contains(raw.status) else {
            let message = (object?["message"] as? [String: Any])?["vi"] as? String
            throw APIRefusal(
                status: raw.status, code: object?["code"] as? String ?? "http_\(raw.status)",
                message: message ?? "Dịch vụ từ chối yêu cầu (mã \(raw.status)).")
        }
        return object ?? [:]
    }

    /// A path segment or query value, percent-encoded.
    public static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
