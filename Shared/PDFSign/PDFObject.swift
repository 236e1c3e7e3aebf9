/// An indirect reference `N G R`.
public struct PDFRef: Sendable, Hashable, CustomStringConvertible {
    public let number: Int
    public let generation: Int
    public init(_ number: Int, _ generation: Int = 0) {
        self.number = number
        self.generation = generation
    }
    public var description: String { "\(number) \(generation) R" }
}

/// A PDF dictionary that keeps its key order (so rewritten objects stay close to the original).
public struct PDFDict: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: PDFObject
    }
    public private(set) var entries: [Entry] = []

    public init() {}
    public init(_ pairs: KeyValuePairs<String, PDFObject>) {
        for (k, v) in pairs { self[k] = v }
    }

    public subscript(key: String) -> PDFObject? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    public var keys: [String] { entries.map(\.key) }

    /// Order-insensitive comparison (a rewritten copy may list keys in another order).
    func sameContent(as other: PDFDict) -> Bool {
        guard entries.count == other.entries.count else { return false }
        return entries.allSatisfy { e in other[e.key].map { v in v.sameContent(as: e.value) } ?? false }
    }
}

/// A stream: its dictionary and its raw (still encoded) bytes.
public struct PDFStream: Sendable, Equatable {
    public var dict: PDFDict
    public var data: [UInt8]
    public init(dict: PDFDict, data: [UInt8]) {
        self.dict = dict
        self.data = data
    }
}

/// A PDF object. Strings are bytes; names are decoded (`#xx`) and each byte maps to one Unicode scalar.
public indirect enum PDFObject: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case real(Double)
    case string([UInt8])
    case name(String)
    case array([PDFObject])
    case dict(PDFDict)
    case ref(PDFRef)
    case stream(PDFStream)

    public var dictValue: PDFDict? {
        switch self {
        case .dict(let d): d
        case .stream(let s): s.dict
        default: nil
        }
    }
    public var arrayValue: [PDFObject]? { if case .array(let a) = self { a } else { nil } }
    public var refValue: PDFRef? { if case .ref(let r) = self { r } else { nil } }
    public var nameValue: String? { if case .name(let n) = self { n } else { nil } }
    public var intValue: Int? {
        switch self {
        case .int(let i): i
        case .real(let d) where d == d.rounded() && abs(d) < 1e15: Int(d)
        default: nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .real(let d): d
        default: nil
        }
    }
    public var stringBytes: [UInt8]? { if case .string(let s) = self { s } else { nil } }

    /// Decodes a text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding approximated by Latin-1).
    public var textValue: String? {
        guard let b = stringBytes else { return nil }
        return PDFText.decode(b)
    }

    func sameContent(as other: PDFObject) -> Bool {
        switch (self, other) {
        case (.dict(let a), .dict(let b)): a.sameContent(as: b)
        case (.stream(let a), .stream(let b)): a.data == b.data && a.dict.sameContent(as: b.dict)
        case (.array(let a), .array(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.sameContent(as: $1) }
        case (.int, _), (.real, _):
            doubleValue != nil && doubleValue == other.doubleValue
        default: self == other
        }
    }
}

/// Text strings: PDF "text string" encoding helpers.
public enum PDFText {
    /// UTF-16BE with a byte-order mark, which any Vietnamese text needs.
    public static func encode(_ s: String) -> [UInt8] {
        if s.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return Array(s.utf8) }
        var out: [UInt8] = [0xFE, 0xFF]
        for u in s.utf16 { out += [UInt8(u >> 8), UInt8(u & 0xFF)] }
        return out
    }

    public static func decode(_ b: [UInt8]) -> String {
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF {
            var units: [UInt16] = []
            var i = 2
            while i + 1 < b.count {
                units.append(UInt16(b[i]) << 8 | UInt16(b[i + 1]))
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return String(decoding: b[3...], as: UTF8.self) }
        return String(String.UnicodeScalarView(b.map { Unicode.Scalar($0) }))
    }
}
