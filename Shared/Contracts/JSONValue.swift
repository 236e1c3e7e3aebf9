import Foundation

/// Any JSON value. Envelopes keep their payload in this form so a consumer, the outbox and the
/// dead-letter tools can carry a payload of a type or version they do not decode.
public enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            // Whole numbers are written without a fraction so counters and sizes stay integers.
            if n.rounded() == n, abs(n) < 9.0e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Converts any `Encodable` value through the contracts' JSON coding.
    public init(encoding value: some Encodable) throws {
        let data = try ContractCoding.encoder().encode(value)
        self = try ContractCoding.decoder().decode(JSONValue.self, from: data)
    }

    /// Decodes this value as `T` through the contracts' JSON coding.
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        try ContractCoding.decoder().decode(T.self, from: ContractCoding.encoder().encode(self))
    }
}
