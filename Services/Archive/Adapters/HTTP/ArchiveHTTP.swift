import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

// The archive's answers as Hummingbird response bodies; the domain types themselves know no HTTP.
extension FileList: ResponseEncodable {}
extension FileListItem: ResponseEncodable {}
extension Dossier: ResponseEncodable {}
extension DossierEntry: ResponseEncodable {}
extension DisposalList: ResponseEncodable {}
extension CloseDossier.Result: ResponseEncodable {}

/// Small request helpers shared by the archive's routes.
enum ArchiveHTTP {
    static func uuid(_ context: QLVBRequestContext, _ name: String) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require(name)) else {
            throw Refusal.badRequest("invalid_id", "Mã '\(name)' không phải UUID", "'\(name)' is not a UUID")
        }
        return id
    }

    static func int(_ request: Request, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return nil }
        guard let v = Int(text), range.contains(v) else {
            throw Refusal.badRequest(
                "invalid_parameter", "'\(name)' phải là số nguyên trong khoảng \(range.lowerBound)…\(range.upperBound)",
                "'\(name)' must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    /// A JSON body that may be empty (actions with nothing to say).
    static func optionalBody<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        let buffer = try await request.body.collect(upTo: 256 * 1024)
        guard buffer.readableBytes > 0 else { return nil }
        try RequestDecoding.refuseNul(buffer)
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: buffer)
        } catch let error as DecodingError {
            throw RequestDecoding.refusal(error)
        }
    }

    static func body<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        guard let body = try await optionalBody(type, request) else {
            throw Refusal.badRequest("body_required", "Thiếu nội dung yêu cầu (JSON)", "a JSON body is required")
        }
        return body
    }
}
