import EdXML
import Foundation

/// Finds a secrecy mark (độ mật: Mật, Tối mật, Tuyệt mật; domain.md §3.5). Classified documents never travel on the
/// axis (QĐ 28/2018, Sơn La regulation art. 1.2), so a marked packet is refused.
///
/// Detection: a field that holds only a mark (SphereOfPromulgation, an appendix line, the type name), a field that says
/// "Độ mật: …", or a subject that starts with a mark as a stamp ("MẬT", "Mật - V/v …", "(Tối mật) …"). "bí mật nhà nước"
/// inside a subject, or "Mật khẩu …", is not a mark.
enum SecrecyCheck {
    /// Longest first, so "Tuyệt mật" is not reported as "Mật".
    static let marks = ["tuyệt mật", "tối mật", "mật"]

    static func check(_ header: EdXMLMessageHeader) throws(IntakeRefusal) {
        var fields: [(String, String?)] = [
            ("OtherInfo/SphereOfPromulgation", header.otherInfo?.sphereOfPromulgation),
            ("DocumentType/TypeName", header.documentType?.typeName),
        ]
        fields += (header.otherInfo?.appendixes ?? []).map { ("OtherInfo/Appendixes/Appendix", $0) }
        for (field, value) in fields {
            if let value, let mark = fieldMark(value) { throw .secret(mark, field: field) }
        }
        if let mark = leadingMark(header.subject) { throw .secret(mark, field: "Subject") }
    }

    static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The whole field is a mark (optionally bracketed), or it carries "độ mật: <mark>".
    static func fieldMark(_ value: String) -> String? {
        var text = normalized(value)
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "()[]{}\"'*.:- "))
        if let mark = marks.first(where: { $0 == text }) { return display(mark) }
        if let range = text.range(of: "độ mật") {
            let rest = text[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: ":- "))
            if let mark = marks.first(where: { rest.hasPrefix($0) }) { return display(mark) }
        }
        return nil
    }

    /// A subject starting with a mark followed by a separator, end, or — when written as an upper-case stamp — a space.
    static func leadingMark(_ subject: String) -> String? {
        let raw = subject.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        let opened = raw.drop(while: { "([{\"'*".contains($0) })
        let lower = opened.lowercased()
        for mark in marks where lower.hasPrefix(mark) {
            let original = String(opened.prefix(mark.count))
            let after = opened.dropFirst(mark.count)
            guard let next = after.first else { return display(mark) }
            if ")]}\"'*:-–—,.;/".contains(next) { return display(mark) }
            if next.isWhitespace {
                let stamp = original == original.uppercased()
                let following = after.drop(while: \.isWhitespace).first
                if stamp || following.map({ ")]}:-–—,;/".contains($0) }) == true { return display(mark) }
            }
        }
        return nil
    }

    static func display(_ mark: String) -> String {
        switch mark {
        case "tuyệt mật": "Tuyệt mật"
        case "tối mật": "Tối mật"
        default: "Mật"
        }
    }
}
