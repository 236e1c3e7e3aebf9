import Foundation

/// Secrecy marks (độ mật: Mật, Tối mật, Tuyệt mật; domain.md §3.5). Classified documents are handled under the
/// State-secret law, outside this system (QĐ 28/2018, Sơn La regulation art. 1.2): intake refuses a marked packet,
/// routing a marked draft. One reading for both:
/// a field that holds only a mark (optionally bracketed) or says "Độ mật: …", or a subject that starts with a
/// mark as a stamp ("MẬT", "Mật - V/v …", "(Tối mật) …"); "bí mật nhà nước" inside a subject, or "Mật khẩu …",
/// is no mark.
public enum SecrecyMark {
    /// Longest first, so "Tuyệt mật" is not reported as "Mật".
    static let marks = ["tuyệt mật", "tối mật", "mật"]
    static let openingBytes = Set("([{\"'*".utf8)

    /// The mark a whole field carries, as written in the standard ("Tuyệt mật"), or nil.
    public static func inField(_ value: String) -> String? {
        // Every mark, composed or not, upper or lower case, has an ASCII m.
        guard value.utf8.contains(where: { $0 == 0x6D || $0 == 0x4D }) else { return nil }
        var text = value.precomposedStringWithCanonicalMapping.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "()[]{}\"'*.:- "))
        if let mark = marks.first(where: { $0 == text }) { return display(mark) }
        if let range = text.range(of: "độ mật") {
            let rest = text[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: ":- "))
            if let mark = marks.first(where: { rest.hasPrefix($0) }) { return display(mark) }
        }
        return nil
    }

    /// A subject starting with a mark followed by a separator, the end, or — when written as an upper-case stamp — a space.
    public static func leading(_ subject: String) -> String? {
        // A mark starts with t or m after spaces and opening signs; anything else is settled without Unicode work.
        if let first = subject.utf8.first(where: { !($0 == 0x20 || (0x09...0x0D).contains($0) || openingBytes.contains($0)) }), first < 0x80,
           !"tTmM".utf8.contains(first) { return nil }
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
