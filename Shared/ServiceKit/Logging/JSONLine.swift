import Logging

/// Builds one JSON object by hand: fixed key order (`ts` first) and no Foundation encoder per log line.
struct JSONLine {
    static let reserved: Set<String> = ["ts", "level", "service", "label", "msg", "error"]

    private var text = "{"
    private var first = true

    mutating func add(_ key: String, _ value: String) {
        key_(key)
        Self.appendString(value, to: &text)
    }

    mutating func addFlattened(_ key: String, _ value: Logger.Metadata.Value) {
        switch value {
        case .dictionary(let dictionary):
            for (inner, innerValue) in dictionary.sorted(by: { $0.key < $1.key }) {
                addFlattened("\(key).\(inner)", innerValue)
            }
        default:
            key_(key)
            Self.appendValue(value, to: &text)
        }
    }

    mutating func finish() -> String {
        text + "}\n"
    }

    private mutating func key_(_ key: String) {
        if !first { text += "," }
        first = false
        Self.appendString(key, to: &text)
        text += ":"
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to text: inout String) {
        switch value {
        case .string(let string):
            appendString(string, to: &text)
        case .stringConvertible(let convertible):
            appendString(convertible.description, to: &text)
        case .array(let array):
            text += "["
            for (index, element) in array.enumerated() {
                if index > 0 { text += "," }
                appendValue(element, to: &text)
            }
            text += "]"
        case .dictionary(let dictionary):
            text += "{"
            for (index, (key, element)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { text += "," }
                appendString(key, to: &text)
                text += ":"
                appendValue(element, to: &text)
            }
            text += "}"
        }
    }

    /// JSON string escaping; non-ASCII (Vietnamese) stays as UTF-8 so lines remain readable.
    static func appendString(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
