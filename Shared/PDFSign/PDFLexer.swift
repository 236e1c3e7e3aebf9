/// Byte classes and low-level scanning shared by the parser and the xref reader.
enum PDFBytes {
    static func isWhite(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == 0x0C || c == 0x00 }
    static func isDelimiter(_ c: UInt8) -> Bool {
        c == 0x28 || c == 0x29 || c == 0x3C || c == 0x3E || c == 0x5B || c == 0x5D || c == 0x7B || c == 0x7D || c == 0x2F || c == 0x25
    }
    static func isRegular(_ c: UInt8) -> Bool { !isWhite(c) && !isDelimiter(c) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    /// Last occurrence of `needle` starting in `lower..<upper`.
    static func lastIndex(of needle: [UInt8], in bytes: [UInt8], lower: Int, upper: Int) -> Int? {
        var i = upper - needle.count
        while i >= lower {
            if bytes[i] == needle[0] && Array(bytes[i..<i + needle.count]) == needle { return i }
            i -= 1
        }
        return nil
    }

    /// First occurrence of `needle` starting in `lower..<upper`.
    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], lower: Int, upper: Int) -> Int? {
        var i = lower
        while i + needle.count <= upper {
            if bytes[i] == needle[0] && bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

/// A token of the PDF syntax.
enum PDFToken: Equatable {
    case int(Int)
    case real(Double)
    case string([UInt8])
    case name(String)
    case keyword(String)  // obj, endobj, R, true, stream, xref, trailer...
    case arrayOpen, arrayClose, dictOpen, dictClose
    case eof
}

/// Tokeniser over `bytes[0..<end]`. Comments are skipped.
struct PDFLexer {
    let bytes: [UInt8]
    let end: Int
    var pos: Int

    init(bytes: [UInt8], end: Int, pos: Int) {
        self.bytes = bytes
        self.end = end
        self.pos = pos
    }

    mutating func skipWhitespace() {
        while pos < end {
            let c = bytes[pos]
            if PDFBytes.isWhite(c) {
                pos += 1
            } else if c == 0x25 {  // % comment to end of line
                while pos < end && bytes[pos] != 0x0A && bytes[pos] != 0x0D { pos += 1 }
            } else {
                return
            }
        }
    }

    mutating func next() throws(PDFSignError) -> PDFToken {
        skipWhitespace()
        guard pos < end else { return .eof }
        let c = bytes[pos]
        switch c {
        case 0x5B: pos += 1; return .arrayOpen
        case 0x5D: pos += 1; return .arrayClose
        case 0x3C:
            if pos + 1 < end && bytes[pos + 1] == 0x3C { pos += 2; return .dictOpen }
            return .string(try hexString())
        case 0x3E:
            if pos + 1 < end && bytes[pos + 1] == 0x3E { pos += 2; return .dictClose }
            throw .damaged("unexpected '>' at \(pos)")
        case 0x28: return .string(try literalString())
        case 0x2F: return .name(name())
        case 0x29, 0x7B, 0x7D: throw .damaged("unexpected delimiter at \(pos)")
        default:
            let start = pos
            while pos < end && PDFBytes.isRegular(bytes[pos]) { pos += 1 }
            let word = bytes[start..<pos]
            if let n = PDFLexer.number(word) { return n }
            return .keyword(String(decoding: word, as: UTF8.self))
        }
    }

    static func number(_ w: ArraySlice<UInt8>) -> PDFToken? {
        guard let f = w.first, PDFBytes.isDigit(f) || f == 0x2B || f == 0x2D || f == 0x2E else { return nil }
        var sawDot = false
        var sawDigit = false
        for (i, c) in w.enumerated() {
            if PDFBytes.isDigit(c) { sawDigit = true } else if c == 0x2E && !sawDot { sawDot = true } else if i == 0 && (c == 0x2B || c == 0x2D) {
            } else { return nil }
        }
        guard sawDigit else { return nil }
        let s = String(decoding: w, as: UTF8.self)
        if !sawDot, let i = Int(s) { return .int(i) }
        var t = s
        if t.hasSuffix(".") { t += "0" }
        if t.hasPrefix(".") { t = "0" + t } else if t.hasPrefix("-.") { t = "-0" + t.dropFirst() } else if t.hasPrefix("+.") { t = "0" + t.dropFirst() }
        return Double(t).map { .real($0) }
    }

    private mutating func name() -> String {
        pos += 1
        // Fast path: plain ASCII without #xx escapes (nearly every name) is its own UTF-8.
        var p = pos
        while p < end, PDFBytes.isRegular(bytes[p]), bytes[p] != 0x23, bytes[p] < 0x80 { p += 1 }
        if p == end || !PDFBytes.isRegular(bytes[p]) {
            defer { pos = p }
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[pos..<p]), as: UTF8.self) }
        }
        var scalars = String.UnicodeScalarView()
        while pos < end && PDFBytes.isRegular(bytes[pos]) {
            var c = bytes[pos]
            if c == 0x23, pos + 2 < end, let h = PDFBytes.hexValue(bytes[pos + 1]), let l = PDFBytes.hexValue(bytes[pos + 2]) {
                c = h << 4 | l
                pos += 2
            }
            scalars.append(Unicode.Scalar(c))
            pos += 1
        }
        return String(scalars)
    }

    private mutating func hexString() throws(PDFSignError) -> [UInt8] {
        pos += 1
        var out: [UInt8] = []
        var high: UInt8? = nil
        while pos < end {
            let c = bytes[pos]
            pos += 1
            if c == 0x3E {
                if let h = high { out.append(h << 4) }
                return out
            }
            if PDFBytes.isWhite(c) { continue }
            guard let v = PDFBytes.hexValue(c) else { throw .damaged("bad hex string at \(pos - 1)") }
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        throw .damaged("unterminated hex string")
    }

    private mutating func literalString() throws(PDFSignError) -> [UInt8] {
        pos += 1
        var out: [UInt8] = []
        var depth = 1
        while pos < end {
            let c = bytes[pos]
            pos += 1
            switch c {
            case 0x28: depth += 1; out.append(c)
            case 0x29:
                depth -= 1
                if depth == 0 { return out }
                out.append(c)
            case 0x5C:
                guard pos < end else { break }
                let e = bytes[pos]
                pos += 1
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x0D: if pos < end && bytes[pos] == 0x0A { pos += 1 }
                case 0x0A: break
                case 0x30...0x37:
                    var v = Int(e - 0x30)
                    var n = 1
                    while n < 3, pos < end, bytes[pos] >= 0x30, bytes[pos] <= 0x37 {
                        v = v * 8 + Int(bytes[pos] - 0x30)
                        pos += 1
                        n += 1
                    }
                    out.append(UInt8(v & 0xFF))
                default: out.append(e)
                }
            default: out.append(c)
            }
        }
        throw .damaged("unterminated string")
    }
}
