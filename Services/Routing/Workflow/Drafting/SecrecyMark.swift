import Foundation

/// Secrecy marks (độ mật: Mật, Tối mật, Tuyệt mật). Classified documents are handled under the State-secret law,
/// outside this system (QĐ 28/2018, Sơn la regulation art. 1.2), so a draft that carries one is refused.
///
/// The same reading as intake's SecrecyCheck (Services/Intake/Domain/SecrecyCheck.swift, another executable):
/// the `secrecy` field holding a mark, or a trích yếu that starts with one as a stamp ("MẬT", "Mật - V/v …",
/// "(Tối mật) …"); "bí mật nhà nước" inside a subject or "Mật khẩu …" is no mark.
enum SecrecyMark {
    /// Longest first, so "Tuyệt mật" is not reported as "Mật".
    static let marks = ["tuyệt mật", "tối mật", "mật"]

    static func find(secrecy: String?, subject: String) -> String? {
        if let secrecy {
            let text = secrecy.precomposedStringWithCanonicalMapping.lowercased()
                .trimmingCharacters(in: CharacterSet(charactersIn: "()[]{}\"'*.:- ").union(.whitespacesAndNewlines))
            if let mark = marks.first(where: { text == $0 || text.hasPrefix("độ mật") && text.hasSuffix($0) }) { return display(mark) }
        }
        return leadingMark(subject)
    }

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
