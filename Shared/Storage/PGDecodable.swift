import struct Foundation.Data
import struct Foundation.Date
import struct Foundation.UUID

/// A Swift value that can be read from libpq's text-format output.
///
/// `PGRow.decode` handles NULL: `Optional<T>` gets nil, any other type throws naming the column.
public protocol PGDecodable {
    init(pgText: String) throws
}

extension PGError {
    /// A decoding error that quotes at most a short prefix of the value.
    static func cannotDecode(_ text: String, as type: Any.Type) -> PGError {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return PGError(code: .decoding, message: "cannot decode '\(shown)' as \(type)")
    }
}

extension Int: PGDecodable {
    public init(pgText: String) throws {
        guard let v = Int(pgText) else { throw PGError.cannotDecode(pgText, as: Int.self) }
        self = v
    }
}

extension Int32: PGDecodable {
    public init(pgText: String) throws {
        guard let v = Int32(pgText) else { throw PGError.cannotDecode(pgText, as: Int32.self) }
        self = v
    }
}

extension Int64: PGDecodable {
    public init(pgText: String) throws {
        guard let v = Int64(pgText) else { throw PGError.cannotDecode(pgText, as: Int64.self) }
        self = v
    }
}

extension String: PGDecodable {
    public init(pgText: String) { self = pgText }
}

extension Bool: PGDecodable {
    public init(pgText: String) throws {
        switch pgText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PGError.cannotDecode(pgText, as: Bool.self)
        }
    }
}

extension Double: PGDecodable {
    public init(pgText: String) throws {
        switch pgText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let v = Double(pgText) else { throw PGError.cannotDecode(pgText, as: Double.self) }
            self = v
        }
    }
}

extension Date: PGDecodable {
    /// Accepts timestamptz (`2026-01-02 03:04:05.123456+00`), timestamp (taken as UTC), date and ISO 8601 forms.
    public init(pgText: String) throws {
        guard let v = PGTimestamp.parse(pgText) else { throw PGError.cannotDecode(pgText, as: Date.self) }
        self = v
    }
}

extension UUID: PGDecodable {
    public init(pgText: String) throws {
        guard let v = UUID(uuidString: pgText) else { throw PGError.cannotDecode(pgText, as: UUID.self) }
        self = v
    }
}

extension Array: PGDecodable where Element == UInt8 {
    public init(pgText: String) throws {
        guard let v = PGHex.decode(pgText) else { throw PGError.cannotDecode(pgText, as: [UInt8].self) }
        self = v
    }
}

extension Data: PGDecodable {
    public init(pgText: String) throws {
        self = Data(try [UInt8](pgText: pgText))
    }
}

extension Optional: PGDecodable where Wrapped: PGDecodable {
    public init(pgText: String) throws {
        self = .some(try Wrapped(pgText: pgText))
    }
}

/// Lets `PGRow.decode` turn SQL NULL into `nil` for any `Optional<T>`.
protocol PGNullable {
    static var pgNull: Self { get }
}

extension Optional: PGNullable {
    static var pgNull: Self { nil }
}
