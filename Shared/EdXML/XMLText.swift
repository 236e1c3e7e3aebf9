/// Writes indented XML text the way the SDK lays packets out (two spaces per level, `edXML:` prefixes).
struct XMLText {
    private(set) var text = ""
    private var level: Int
    /// Prefix for element names, `edXML:` inside the envelope.
    var prefix = "edXML:"

    /// - Parameter level: the indentation of the first line, for text that goes inside an element already open.
    init(level: Int = 0) { self.level = level }

    static func escape(_ value: String) -> String {
        // Most values have nothing to escape.
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x0D }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    mutating func raw(_ line: String) {
        for _ in 0..<level { text += "  " }
        text += line
        text += "\n"
    }

    /// A hand-written start tag that the matching `close` ends.
    mutating func openRaw(_ line: String) {
        raw(line)
        level += 1
    }

    mutating func open(_ name: String, attributes: String = "") {
        raw("<\(prefix)\(name)\(attributes)>")
        level += 1
    }

    mutating func close(_ name: String) {
        level -= 1
        raw("</\(prefix)\(name)>")
    }

    mutating func element(_ name: String, _ body: (inout XMLText) -> Void) {
        open(name)
        body(&self)
        close(name)
    }

    /// `<name>value</name>`, nothing when the value is nil.
    mutating func leaf(_ name: String, _ value: String?) {
        guard let value else { return }
        raw("<\(prefix)\(name)>\(XMLText.escape(value))</\(prefix)\(name)>")
    }

    mutating func leaf(_ name: String, _ value: Int?) {
        leaf(name, value.map(String.init))
    }

    mutating func leaf(_ name: String, _ value: EdXMLDate?) {
        leaf(name, value?.description)
    }

    /// `0`/`1` flags (Paper, DocumentInfo…).
    mutating func flag(_ name: String, _ value: Bool?) {
        leaf(name, value.map { $0 ? "1" : "0" })
    }
}
