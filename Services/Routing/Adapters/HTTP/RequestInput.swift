import Contracts
import Foundation
import Hummingbird

/// Request bodies and query parameters, with the same clear errors everywhere.
enum RequestInput {
    static func json<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = 1 << 20) async throws -> T {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw Refusal(.contentTooLarge, code: "body_too_large", vietnamese: "Nội dung yêu cầu quá lớn (tối đa \(limit) byte)",
                english: "request body is larger than \(limit) bytes")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do { return try decoder.decode(T.self, from: Data(buffer: buffer)) } catch {
            throw Refusal.badRequest(
                "body_invalid", "Nội dung yêu cầu không đúng định dạng JSON mong đợi: \(describe(error))",
                "request body is not the expected JSON: \(describe(error))")
        }
    }

    static func uuid(_ context: some RequestContext, _ name: String) throws -> UUID {
        let text = try context.parameters.require(name)
        guard let id = UUID(uuidString: text) else {
            throw Refusal.badRequest("id_invalid", "Mã \(name) \"\(text)\" không phải UUID", "\(name) \"\(text)\" is not a UUID")
        }
        return id
    }

    /// `limit` (1–200, default 50) and `offset` (≥ 0).
    static func page(_ request: Request) throws -> (limit: Int, offset: Int) {
        let limit = try int(request, "limit") ?? 50
        let offset = try int(request, "offset") ?? 0
        guard (1...200).contains(limit), offset >= 0 else {
            throw Refusal.badRequest(
                "page_invalid", "limit phải từ 1 đến 200 và offset không âm", "limit must be 1–200 and offset not negative")
        }
        return (limit, offset)
    }

    static func int(_ request: Request, _ name: String) throws -> Int? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int(text) else {
            throw Refusal.badRequest("parameter_invalid", "Tham số \(name)=\(text) không phải số", "\(name)=\(text) is not a number")
        }
        return value
    }

    static func text(_ value: String?, field: String, max: Int = 2000) throws -> String {
        try TextInput.required(value, field: field, max: max)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let c): c.codingPath.isEmpty ? "not JSON" : "bad value at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "\(error)"
        }
    }
}
