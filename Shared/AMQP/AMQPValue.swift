#if canImport(Glibc)
import Glibc
#endif
import CRabbitMQ

/// A value in an AMQP field table (message headers, queue arguments).
public enum AMQPValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    case timestamp(UInt64)
    case bytes([UInt8])
    case array([AMQPValue])
    case table([String: AMQPValue])
    case void

    public var stringValue: String? {
        switch self {
        case .string(let s): s
        case .bytes(let b): String(decoding: b, as: UTF8.self)
        default: nil
        }
    }

    public var intValue: Int64? {
        switch self {
        case .int(let i): i
        case .timestamp(let t): Int64(t)
        case .string(let s): Int64(s)
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .bool(let b): String(b)
        case .double(let d): String(d)
        case .timestamp(let t): "@\(t)"
        case .bytes(let b): "<\(b.count) bytes>"
        case .array(let a): "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .table(let t): "{" + t.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .void: "void"
        }
    }
}

public typealias AMQPTable = [String: AMQPValue]

// MARK: - Reading tables out of rabbitmq-c

extension AMQPValue {
    init(_ fv: amqp_field_value_t) {
        switch Int(fv.kind) {
        case Int(AMQP_FIELD_KIND_UTF8.rawValue), Int(AMQP_FIELD_KIND_BYTES.rawValue):
            let b = fv.value.bytes
            let bytes = b.len == 0 ? [] : Array(UnsafeRawBufferPointer(start: b.bytes, count: b.len))
            self = fv.kind == UInt8(AMQP_FIELD_KIND_UTF8.rawValue) ? .string(String(decoding: bytes, as: UTF8.self)) : .bytes(bytes)
        case Int(AMQP_FIELD_KIND_BOOLEAN.rawValue): self = .bool(fv.value.boolean != 0)
        case Int(AMQP_FIELD_KIND_I8.rawValue): self = .int(Int64(fv.value.i8))
        case Int(AMQP_FIELD_KIND_U8.rawValue): self = .int(Int64(fv.value.u8))
        case Int(AMQP_FIELD_KIND_I16.rawValue): self = .int(Int64(fv.value.i16))
        case Int(AMQP_FIELD_KIND_U16.rawValue): self = .int(Int64(fv.value.u16))
        case Int(AMQP_FIELD_KIND_I32.rawValue): self = .int(Int64(fv.value.i32))
        case Int(AMQP_FIELD_KIND_U32.rawValue): self = .int(Int64(fv.value.u32))
        case Int(AMQP_FIELD_KIND_I64.rawValue): self = .int(fv.value.i64)
        case Int(AMQP_FIELD_KIND_U64.rawValue): self = .int(Int64(truncatingIfNeeded: fv.value.u64))
        case Int(AMQP_FIELD_KIND_F32.rawValue): self = .double(Double(fv.value.f32))
        case Int(AMQP_FIELD_KIND_F64.rawValue): self = .double(fv.value.f64)
        case Int(AMQP_FIELD_KIND_TIMESTAMP.rawValue): self = .timestamp(fv.value.u64)
        case Int(AMQP_FIELD_KIND_TABLE.rawValue): self = .table(AMQPValue.table(fv.value.table))
        case Int(AMQP_FIELD_KIND_ARRAY.rawValue):
            let a = fv.value.array
            self = .array((0..<Int(a.num_entries)).map { AMQPValue(a.entries[$0]) })
        default: self = .void
        }
    }

    static func table(_ t: amqp_table_t) -> AMQPTable {
        var out: AMQPTable = [:]
        for i in 0..<Int(t.num_entries) {
            let e = t.entries[i]
            let key = String(decoding: UnsafeRawBufferPointer(start: e.key.bytes, count: e.key.len), as: UTF8.self)
            out[key] = AMQPValue(e.value)
        }
        return out
    }
}

// MARK: - Writing tables for rabbitmq-c

/// Owns the C memory of a field table for the duration of one call (stack-recipes pitfall 2).
final class CTable {
    private var allocations: [UnsafeMutableRawPointer] = []
    private(set) var table = amqp_table_t(num_entries: 0, entries: nil)

    init(_ values: AMQPTable) {
        table = makeTable(values)
    }

    deinit { allocations.forEach { free($0) } }

    private func bytes(_ s: [UInt8]) -> amqp_bytes_t {
        guard !s.isEmpty else { return amqp_bytes_t(len: 0, bytes: nil) }
        let p = malloc(s.count)!
        allocations.append(p)
        s.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: s.count) }
        return amqp_bytes_t(len: s.count, bytes: p)
    }

    private func makeTable(_ values: AMQPTable) -> amqp_table_t {
        guard !values.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let raw = malloc(MemoryLayout<amqp_table_entry_t>.stride * values.count)!
        allocations.append(raw)
        let entries = raw.bindMemory(to: amqp_table_entry_t.self, capacity: values.count)
        for (i, (k, v)) in values.sorted(by: { $0.key < $1.key }).enumerated() {
            entries[i] = amqp_table_entry_t(key: bytes(Array(k.utf8)), value: field(v))
        }
        return amqp_table_t(num_entries: Int32(values.count), entries: entries)
    }

    private func field(_ v: AMQPValue) -> amqp_field_value_t {
        var fv = amqp_field_value_t()
        switch v {
        case .string(let s):
            fv.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue); fv.value.bytes = bytes(Array(s.utf8))
        case .bytes(let b):
            fv.kind = UInt8(AMQP_FIELD_KIND_BYTES.rawValue); fv.value.bytes = bytes(b)
        case .int(let i):
            fv.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue); fv.value.i64 = i
        case .bool(let b):
            fv.kind = UInt8(AMQP_FIELD_KIND_BOOLEAN.rawValue); fv.value.boolean = b ? 1 : 0
        case .double(let d):
            fv.kind = UInt8(AMQP_FIELD_KIND_F64.rawValue); fv.value.f64 = d
        case .timestamp(let t):
            fv.kind = UInt8(AMQP_FIELD_KIND_TIMESTAMP.rawValue); fv.value.u64 = t
        case .table(let t):
            fv.kind = UInt8(AMQP_FIELD_KIND_TABLE.rawValue); fv.value.table = makeTable(t)
        case .array(let a):
            fv.kind = UInt8(AMQP_FIELD_KIND_ARRAY.rawValue)
            let raw = malloc(MemoryLayout<amqp_field_value_t>.stride * max(a.count, 1))!
            allocations.append(raw)
            let items = raw.bindMemory(to: amqp_field_value_t.self, capacity: max(a.count, 1))
            for (i, x) in a.enumerated() { items[i] = field(x) }
            fv.value.array = amqp_array_t(num_entries: Int32(a.count), entries: items)
        case .void:
            fv.kind = UInt8(AMQP_FIELD_KIND_VOID.rawValue)
        }
        return fv
    }
}
