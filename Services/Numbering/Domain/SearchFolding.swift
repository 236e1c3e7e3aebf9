import Foundation

/// Folds Vietnamese text for search without diacritics: lower case, tone and vowel marks removed, đ → d,
/// runs of whitespace collapsed. "Dự toán NGÂN SÁCH" and "du toan ngan sach" fold to the same text.
enum SearchFolding {
    /// Every register line is folded when it is written: ASCII and the precomposed Latin letters Vietnamese uses
    /// go through a table (built from ``slowFold(_:)`` itself, so both agree); anything else takes the slow path.
    static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let folded: Unicode.Scalar
            if v < 0x80 {
                folded = (0x41...0x5A).contains(v) ? Unicode.Scalar(UInt8(v + 0x20)) : scalar
            } else if let mapped = latinTable[scalar] {
                folded = mapped
            } else {
                return slowFold(text)
            }
            if folded == " " || folded == "\t" || folded == "\n" || folded == "\r" || folded == "\u{0B}" || folded == "\u{0C}" {
                if !lastWasSpace { out.append(UInt8(ascii: " ")) }
                lastWasSpace = true
            } else {
                out.append(contentsOf: String(folded).utf8)
                lastWasSpace = false
            }
        }
        if out.last == UInt8(ascii: " ") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional (all of Vietnamese), each scalar to
    /// the one scalar the slow path folds it to.
    static let latinTable: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let folded = slowFold(String(Character(scalar))).unicodeScalars
                if folded.count == 1, let only = folded.first, only.value < 0x80, only != " " { table[scalar] = only }
            }
        }
        return table
    }()

    /// The definition: lower case, canonical decomposition, marks dropped, đ → d, whitespace collapsed.
    static func slowFold(_ text: String) -> String {
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
