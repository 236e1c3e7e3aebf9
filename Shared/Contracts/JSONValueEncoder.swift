import Foundation

/// Encodes a value straight into a ``JSONValue`` tree, with the contracts' rules (ISO 8601 dates
/// with milliseconds, base64 data), without writing JSON text and parsing it back: every event
/// wrapped in an envelope went through that round trip before.
struct JSONValueEncoder {
    func encode(_ value: some Encodable) throws -> JSONValue {
        let root = EncodingNode()
        try root.store(value, codingPath: [])
        return root.built
    }
}

/// One value being built; containers hand out child nodes, so a nested container written to
/// later still lands in its parent.
final class EncodingNode {
    private enum Content {
        case unset
        case value(JSONValue)
        case object([String: EncodingNode])
        case array([EncodingNode])
    }

    private var content = Content.unset

    var built: JSONValue {
        switch content {
        case .unset: .object([:])  // a type that encoded nothing, as JSONEncoder writes it
        case .value(let v): v
        case .object(let members): .object(members.mapValues(\.built))
        case .array(let items): .array(items.map(\.built))
        }
    }

    func set(_ value: JSONValue) { content = .value(value) }

    func member(_ key: String) -> EncodingNode {
        let child = EncodingNode()
        if case .object(var members) = content {
            content = .unset  // keeps the dictionary uniquely referenced while it changes
            members[key] = child
            content = .object(members)
        } else {
            content = .object([key: child])
        }
        return child
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    func appendItem() -> EncodingNode {
        let child = EncodingNode()
        if case .array(var items) = content {
            content = .unset
            items.append(child)
            content = .array(items)
        } else {
            content = .array([child])
        }
        return child
    }

    var itemCount: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }

    /// Stores one value, taking the contracts' special types before their own `Encodable`.
    func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let v as JSONValue: set(v)
        case let v as Date: set(.string(ContractCoding.formatTimestamp(v)))
        case let v as Data: set(.string(v.base64EncodedString()))
        case let v as URL: set(.string(v.absoluteString))
        case let v as UUID: set(.string(v.uuidString))
        default: try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }
}

private struct NodeEncoder: Encoder, SingleValueEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(NodeKeyedEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return NodeUnkeyedEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    mutating func encodeNil() throws { node.set(.null) }
    mutating func encode(_ value: Bool) throws { node.set(.bool(value)) }
    mutating func encode(_ value: String) throws { node.set(.string(value)) }
    mutating func encode(_ value: Double) throws { node.set(try number(value)) }
    mutating func encode(_ value: Float) throws { node.set(try number(Double(value))) }
    mutating func encode(_ value: Int) throws { node.set(.number(Double(value))) }
    mutating func encode(_ value: Int8) throws { node.set(.number(Double(value))) }
    mutating func encode(_ value: Int16) throws { node.set(.number(Double(value))) }
    mutating func encode(_ value: Int32) throws { node.set(.number(Double(value))) }
    mutating func encode(_ value: Int64) throws { node.set(.number(Double(value))) }
    mutating func encode(_ value: UInt) throws { node.set(.number(Double(value))) }
    mutating func encode(_ value: UInt8) throws { node.set(.number(Double(value))) }
    mutating func encode(_ value: UInt16) throws { node.set(.number(Double(value))) }
    mutating func encode(_ value: UInt32) throws { node.set(.number(Double(value))) }
    mutating func encode(_ value: UInt64) throws { node.set(.number(Double(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.store(value, codingPath: codingPath) }

    /// JSON has no NaN or infinity; JSONEncoder refuses them too.
    private func number(_ value: Double) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not a JSON number"))
        }
        return .number(value)
    }
}

private struct NodeKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).set(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.member(key.stringValue).store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = node.member(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(NodeKeyedEncoder<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.member(key.stringValue)
        child.makeArray()
        return NodeUnkeyedEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct NodeUnkeyedEncoder: UnkeyedEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var count: Int { node.itemCount }

    mutating func encodeNil() throws { node.appendItem().set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = IndexKey(count)
        try node.appendItem().store(value, codingPath: codingPath + [index])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let index = IndexKey(count)
        let child = node.appendItem()
        child.makeObject()
        return KeyedEncodingContainer(NodeKeyedEncoder<NestedKey>(node: child, codingPath: codingPath + [index]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = IndexKey(count)
        let child = node.appendItem()
        child.makeArray()
        return NodeUnkeyedEncoder(node: child, codingPath: codingPath + [index])
    }

    mutating func superEncoder() -> any Encoder {
        let index = IndexKey(count)
        return NodeEncoder(node: node.appendItem(), codingPath: codingPath + [index])
    }
}

/// A position in an array, for coding paths.
struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) { (intValue, stringValue) = (index, "Index \(index)") }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.init(intValue) }
}
