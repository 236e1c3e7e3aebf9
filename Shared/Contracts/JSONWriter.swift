import Foundation

/// Writes envelopes and JSON values as bytes, exactly as ``ContractCoding/encoder()`` does (keys
/// sorted by their UTF-8 bytes, slashes not escaped, control characters as JSONEncoder escapes
/// them), but without JSONEncoder's generic machinery: every outbox row is written this way.
/// A test compares the bytes with JSONEncoder's for every contract sample.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    mutating func write(_ envelope: Envelope) throws {
        bytes.append(UInt8(ascii: "{"))
        key("agency", first: true)
        string(envelope.agency)
        if let causation = envelope.causationId {
            key("causationId")
            string(causation.uuidString)
        }
        key("correlationId")
        string(envelope.correlationId.uuidString)
        key("id")
        string(envelope.id.uuidString)
        key("occurredAt")
        string(ContractCoding.formatTimestamp(envelope.occurredAt))
        key("payload")
        try write(envelope.payload)
        key("type")
        string(envelope.type)
        key("version")
        bytes.append(contentsOf: String(envelope.version).utf8)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func write(_ value: JSONValue) throws {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 {
                bytes.append(contentsOf: String(Int64(n)).utf8)
            } else {
                // Rare in contracts: JSONEncoder's own formatting keeps the bytes identical.
                bytes.append(contentsOf: try ContractCoding.encoder().encode(n))
            }
        case .string(let s): string(s)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                try write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, member) in sorted.enumerated() {
                key(member.key, first: i == 0)
                try write(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func key(_ name: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
