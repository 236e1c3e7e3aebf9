import Foundation

/// A parsed element outside attachment content: the small tree the header is read from.
struct ElementNode {
    var name: String
    var namespace: String?
    var attributes: [String: String]
    var children: [ElementNode] = []
    var textBytes: [UInt8] = []
    /// `ContentTransferEncoded` whose text went to an attachment decoder instead of `textBytes`.
    var carriesAttachmentContent = false

    init(name: String, namespace: String?, attributes: [String: String]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
    }

    /// Text with surrounding whitespace (tabs and blank runs in SDK status packets) removed.
    var text: String {
        // ASCII whitespace is cut from the bytes; Foundation's trimming (Unicode spaces too) only runs when a
        // non-ASCII byte is left at either end, which is rare.
        let isSpace = { (b: UInt8) in b == 0x20 || (0x09...0x0D).contains(b) }
        guard let first = textBytes.firstIndex(where: { !isSpace($0) }), let last = textBytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        let text = String(decoding: textBytes[first...last], as: UTF8.self)
        return textBytes[first] < 0x80 && textBytes[last] < 0x80 ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func all(_ name: String) -> [ElementNode] {
        children.filter { $0.name == name }
    }

    /// The only child called `name`; a second one is an error.
    func one(_ name: String, in path: String) throws(EdXMLError) -> ElementNode? {
        let matches = all(name)
        guard matches.count <= 1 else { throw .duplicateElement(join(path, name)) }
        return matches.first
    }

    func required(_ name: String, in path: String) throws(EdXMLError) -> ElementNode {
        guard let node = try one(name, in: path) else { throw .missingField(join(path, name)) }
        return node
    }

    /// The trimmed text of the only child `name`, nil when absent or empty.
    func value(_ name: String, in path: String) throws(EdXMLError) -> String? {
        guard let text = try one(name, in: path)?.text, !text.isEmpty else { return nil }
        return text
    }

    func requiredValue(_ name: String, in path: String) throws(EdXMLError) -> String {
        guard let value = try value(name, in: path) else { throw .missingField(join(path, name)) }
        return value
    }

    func date(_ name: String, in path: String) throws(EdXMLError) -> EdXMLDate? {
        guard let text = try value(name, in: path) else { return nil }
        guard let date = EdXMLDate(parsing: text) else { throw .badDate(field: join(path, name), value: text) }
        return date
    }

    func timestamp(_ name: String, in path: String) throws(EdXMLError) -> EdXMLTimestamp? {
        guard let text = try value(name, in: path) else { return nil }
        guard let timestamp = EdXMLTimestamp(parsing: text) else { throw .badDate(field: join(path, name), value: text) }
        return timestamp
    }

    func integer(_ name: String, in path: String) throws(EdXMLError) -> Int? {
        guard let text = try value(name, in: path) else { return nil }
        guard let number = Int(text) else { throw .badValue(field: join(path, name), value: text) }
        return number
    }

    /// `0`/`1` or `false`/`true`.
    func flag(_ name: String, in path: String) throws(EdXMLError) -> Bool? {
        guard let text = try value(name, in: path) else { return nil }
        switch text.lowercased() {
        case "1", "true": return true
        case "0", "false": return false
        default: throw .badValue(field: join(path, name), value: text)
        }
    }

    /// Every non-empty text of the children `name` (e.g. `ToPlaces/Place`).
    func values(_ name: String) -> [String] {
        all(name).map(\.text).filter { !$0.isEmpty }
    }

    /// Whether the element holds no text at any depth (an all-empty `ResponseFor` some senders write).
    var isBlank: Bool {
        text.isEmpty && children.allSatisfy(\.isBlank)
    }
}

func join(_ path: String, _ name: String) -> String {
    path.isEmpty ? name : path + "/" + name
}

/// `cid:X` and `X` name the same attachment.
func strippingCID(_ contentId: String) -> String {
    contentId.lowercased().hasPrefix("cid:") ? String(contentId.dropFirst(4)).trimmingCharacters(in: .whitespaces) : contentId
}
