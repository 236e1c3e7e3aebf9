import Foundation

/// The wrapper of every message on the bus: identity, causality and the agency it belongs to.
public struct Envelope: Codable, Sendable, Hashable {
    /// Unique message id; the inbox of a consumer records it so a redelivery has no effect.
    public var id: UUID
    public var type: String
    public var version: Int
    public var occurredAt: Date
    /// The id shared by every message of one business flow (e.g. one incoming document).
    public var correlationId: UUID
    /// The id of the message that caused this one; nil for a flow's first message.
    public var causationId: UUID?
    /// Mã định danh of the agency the message concerns (e.g. `000.00.00.H53`).
    public var agency: String
    public var payload: JSONValue

    public init(
        id: UUID = UUID(), type: String, version: Int, occurredAt: Date = Date(),
        correlationId: UUID, causationId: UUID? = nil, agency: String, payload: JSONValue
    ) {
        self.id = id
        self.type = type
        self.version = version
        self.occurredAt = occurredAt
        self.correlationId = correlationId
        self.causationId = causationId
        self.agency = agency
        self.payload = payload
    }

    /// Wraps an event; without a correlation id the message starts a new flow.
    public init<E: Event>(
        _ event: E, id: UUID = UUID(), occurredAt: Date = Date(), correlationId: UUID? = nil,
        causationId: UUID? = nil, agency: String
    ) throws {
        self.init(
            id: id, type: E.type, version: E.version, occurredAt: occurredAt, correlationId: correlationId ?? id,
            causationId: causationId, agency: agency, payload: try JSONValue(encoding: event))
    }

    /// Decodes the payload, refusing another type or a version this code does not know.
    public func decode<E: Event>(_: E.Type) throws -> E {
        guard type == E.type else { throw ContractError.unexpectedType(expected: E.type, actual: type) }
        guard version == E.version else {
            throw ContractError.unknownVersion(type: type, version: version, supported: E.version)
        }
        do { return try payload.decode(as: E.self) } catch {
            throw ContractError.invalidPayload(type: type, reason: String(describing: error))
        }
    }

    /// The wire bytes: the same as `ContractCoding.encoder().encode(self)`, written directly.
    public func encoded() throws -> Data {
        var writer = JSONWriter()
        try writer.write(self)
        return Data(writer.bytes)
    }

    /// Parses any JSON text into a value with the parser consumers use (for tools and tests).
    public static func decodeValue(_ data: Data) throws -> JSONValue { try JSONParser.parse(data) }

    /// Reads the wire bytes (what `ContractCoding.decoder()` reads, parsed in one pass into a tree).
    public static func decode(from data: Data) throws -> Envelope {
        do { return try JSONValueDecoder().decode(Envelope.self, from: JSONParser.parse(data)) } catch {
            throw ContractError.invalidEnvelope(reason: String(describing: error))
        }
    }
}

/// Why a message could not be read. All of these are permanent: retrying cannot help.
public enum ContractError: Error, CustomStringConvertible, Equatable {
    case invalidEnvelope(reason: String)
    case unexpectedType(expected: String, actual: String)
    case unknownVersion(type: String, version: Int, supported: Int)
    case invalidPayload(type: String, reason: String)

    public var description: String {
        switch self {
        case .invalidEnvelope(let r): "not a QLVB envelope: \(r)"
        case .unexpectedType(let e, let a): "expected a \(e) message, got \(a)"
        case .unknownVersion(let t, let v, let s): "\(t) version \(v) is not supported (this service reads version \(s))"
        case .invalidPayload(let t, let r): "\(t) payload does not match its contract: \(r)"
        }
    }
}
