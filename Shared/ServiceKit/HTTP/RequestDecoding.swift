import Contracts
import Foundation
import Hummingbird

/// The request decoder of every QLVB API: JSON as Hummingbird reads it, but a body that does not decode is refused
/// with a `Refusal` that names the field — never the decoder's own text, which speaks Swift types.
public struct QLVBRequestDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        try RequestDecoding.refuseNul(buffer)
        // As Hummingbird's default: ISO 8601 dates.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: buffer)
        } catch let error as DecodingError {
            throw RequestDecoding.refusal(error)
        }
    }
}

public enum RequestDecoding {
    /// No QLVB text holds a NUL character (PostgreSQL cannot store one).
    public static let nulRefusal = Refusal.badRequest(
        "nul_character", "Văn bản không được chứa ký tự NUL (\\u0000)", "text must not contain the NUL character (\\u0000)")

    /// Refuses a JSON body with an escaped NUL (`\u0000`) in it: a raw NUL is not JSON at all.
    public static func refuseNul(_ buffer: ByteBuffer) throws {
        if buffer.readableBytesView.firstRange(of: Array(#"\u0000"#.utf8)) != nil { throw nulRefusal }
    }

    /// A decoding failure said as a 400 that names the field (`items[2].name`) and what is wrong with it.
    public static func refusal(_ error: DecodingError) -> Refusal {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .badRequest("missing_field", "Thiếu trường '\(field)'", "the field '\(field)' is missing")
        case .valueNotFound(_, let context):
            let field = path(context.codingPath)
            return .badRequest("missing_field", "Trường '\(field)' không được để trống", "the field '\(field)' must not be null")
        case .typeMismatch(_, let context) where !context.codingPath.isEmpty,
             .dataCorrupted(let context) where !context.codingPath.isEmpty:
            let field = path(context.codingPath)
            return .badRequest("invalid_field", "Giá trị của trường '\(field)' không hợp lệ", "the field '\(field)' has an invalid value")
        case .typeMismatch:
            return .badRequest("invalid_json", "Nội dung yêu cầu không đúng dạng JSON cần có", "the request body is not the JSON object expected")
        default:
            return .badRequest("invalid_json", "Nội dung yêu cầu không phải JSON hợp lệ", "the request body is not valid JSON")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "(body)" : text
    }
}
