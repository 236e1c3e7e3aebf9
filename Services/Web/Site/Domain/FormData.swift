import Foundation

/// A submitted form: `application/x-www-form-urlencoded`, or `multipart/form-data` with at most a file.
public struct FormData: Sendable {
    public struct File: Sendable {
        public var name: String
        public var bytes: Data
    }

    public private(set) var values: [String: [String]] = [:]
    public private(set) var files: [String: File] = [:]
    /// Every file of a field, in order (an `<input type="file" multiple>`); `files` keeps the last.
    public private(set) var fileLists: [String: [File]] = [:]

    public init() {}

    public subscript(_ name: String) -> String? { values[name]?.first }

    /// A field's value with surrounding blanks removed; nil when absent or blank.
    public func text(_ name: String) -> String? {
        guard let v = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    public func all(_ name: String) -> [String] {
        (values[name] ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static func urlEncoded(_ body: String) -> FormData {
        var form = FormData()
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            form.values[kv[0], default: []].append(kv.count > 1 ? kv[1] : "")
        }
        return form
    }

    /// Parts of a multipart body; a part with a `filename` is a file, the others are values.
    public static func multipart(_ body: Data, boundary: String) -> FormData {
        var form = FormData()
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var start = body.startIndex
        var parts: [Data] = []
        while let range = body.range(of: delimiter, in: start..<body.endIndex) {
            if range.lowerBound > start { parts.append(body[start..<range.lowerBound]) }
            start = range.upperBound
        }
        for var part in parts {
            if part.starts(with: Data("\r\n".utf8)) { part = part.dropFirst(2) }
            if part.suffix(2) == Data("\r\n".utf8) { part = part.dropLast(2) }
            guard let split = part.range(of: headerEnd) else { continue }
            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            let content = Data(part[split.upperBound...])
            guard let name = parameter("name", in: headers) else { continue }
            if let filename = parameter("filename", in: headers) {
                if !filename.isEmpty {
                    form.files[name] = File(name: filename, bytes: content)
                    form.fileLists[name, default: []].append(File(name: filename, bytes: content))
                }
            } else {
                form.values[name, default: []].append(String(decoding: content, as: UTF8.self))
            }
        }
        return form
    }

    static func parameter(_ key: String, in headers: String) -> String? {
        guard let range = headers.range(of: "\(key)=\"") else { return nil }
        // `name=` also matches the end of `filename=`: look for the key standing alone.
        if key == "name", headers[..<range.lowerBound].hasSuffix("file") {
            let rest = headers[range.upperBound...]
            return parameter(key, in: String(rest))
        }
        let rest = headers[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
