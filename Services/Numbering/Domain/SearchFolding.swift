import Foundation

/// Folds Vietnamese text for search without diacritics: lower case, tone and vowel marks removed, đ → d,
/// runs of whitespace collapsed. "Dự toán NGÂN SÁCH" and "du toan ngan sach" fold to the same text.
enum SearchFolding {
    static func fold(_ text: String) -> String {
        let lowered = text.lowercased()
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in lowered.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default: break
            }
            var s = scalar
            if s == "đ" || s == "Đ" { s = "d" }
            if s.properties.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(s)
                lastWasSpace = false
            }
        }
        var result = String(out)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// A `LIKE` pattern matching the folded query anywhere (`%`, `_` and `\` in the query are literal).
    static func containsPattern(_ query: String) -> String {
        var escaped = ""
        for ch in fold(query) {
            if ch == "%" || ch == "_" || ch == "\\" { escaped.append("\\") }
            escaped.append(ch)
        }
        return "%" + escaped + "%"
    }
}
