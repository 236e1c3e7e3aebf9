import Foundation
import Mustache

/// The pages' Mustache templates (Templates/*.mustache) and static files (Static/), read once at start-up.
/// `{{value}}` escapes HTML; no template uses the unescaped `{{{value}}}` form on data from a service.
public struct Renderer: Sendable {
    let library: MustacheLibrary
    public let staticFiles: [String: (contentType: String, body: Data)]

    public init(directory: String? = nil) async throws {
        let root = directory ?? Bundle.module.resourcePath ?? "."
        self.library = try await MustacheLibrary(directory: root + "/Templates")
        var files: [String: (contentType: String, body: Data)] = [:]
        let staticDir = root + "/Static"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: staticDir)) ?? [] {
            guard let data = FileManager.default.contents(atPath: staticDir + "/" + name) else { continue }
            let type = switch (name as NSString).pathExtension {
            case "css": "text/css; charset=utf-8"
            case "js": "text/javascript; charset=utf-8"
            case "svg": "image/svg+xml"
            default: "application/octet-stream"
            }
            files[name] = (type, data)
        }
        self.staticFiles = files
    }

    /// The page `template` with `data`; a missing template is a programming error caught by the tests.
    public func render(_ template: String, _ data: [String: Any]) -> String {
        library.render(Self.withoutNils(data) ?? [:], withTemplate: template) ?? "<!doctype html><title>Lỗi</title><p>Thiếu mẫu trang \(template)</p>"
    }

    /// The data without absent values: Mustache would print an `Optional.none` as "nil" and count it as present.
    static func withoutNils(_ value: Any) -> Any? {
        if let dictionary = value as? [String: Any] {
            var clean: [String: Any] = [:]
            for (key, item) in dictionary { clean[key] = withoutNils(item) }
            return clean
        }
        if let array = value as? [Any] { return array.compactMap(withoutNils) }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.first.flatMap { withoutNils($0.value) } }
        if value is NSNull { return nil }
        return value
    }
}
