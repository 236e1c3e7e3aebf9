/// Parses objects from bytes. Stream lengths that are indirect are resolved through `lengthResolver`.
struct PDFParser {
    var lexer: PDFLexer
    /// Nesting guard against hostile input.
    private var depth = 0

    init(bytes: [UInt8], end: Int, pos: Int) {
        lexer = PDFLexer(bytes: bytes, end: end, pos: pos)
    }

    var pos: Int {
        get { lexer.pos }
        set { lexer.pos = newValue }
    }

    /// Parses one direct object (with `N G R` lookahead).
    mutating func parseObject() throws(PDFSignError) -> PDFObject {
        let t = try lexer.next()
        return try object(from: t)
    }

    private mutating func object(from t: PDFToken) throws(PDFSignError) -> PDFObject {
        switch t {
        case .int(let n):
            let save = lexer.pos
            if case .int(let g) = try? lexer.next(), g >= 0, case .keyword("R") = try? lexer.next() {
                return .ref(PDFRef(n, g))
            }
            lexer.pos = save
            return .int(n)
        case .real(let d): return .real(d)
        case .string(let s): return .string(s)
        case .name(let n): return .name(n)
        case .keyword("true"): return .bool(true)
        case .keyword("false"): return .bool(false)
        case .keyword("null"): return .null
        case .arrayOpen:
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { throw .damaged("objects nested too deeply") }
            var items: [PDFObject] = []
            while true {
                let n = try lexer.next()
                if n == .arrayClose { return .array(items) }
                if n == .eof { throw .damaged("unterminated array") }
                items.append(try object(from: n))
            }
        case .dictOpen:
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { throw .damaged("objects nested too deeply") }
            return .dict(try dictBody())
        default:
            throw .damaged("unexpected token \(t) at \(lexer.pos)")
        }
    }

    /// After `<<`: reads key/value pairs up to `>>`.
    private mutating func dictBody() throws(PDFSignError) -> PDFDict {
        var d = PDFDict()
        while true {
            let k = try lexer.next()
            switch k {
            case .dictClose: return d
            case .name(let key):
                let v = try parseObject()
                if d[key] == nil { d[key] = v }
            default: throw .damaged("bad dictionary key at \(lexer.pos)")
            }
        }
    }

    /// Parses `N G obj … endobj` at the current position. Returns the object (a stream when followed by `stream`).
    mutating func parseIndirect(expecting ref: PDFRef?, lengthResolver: (PDFRef) throws(PDFSignError) -> Int?) throws(PDFSignError) -> (PDFRef, PDFObject) {
        guard case .int(let n) = try lexer.next(), case .int(let g) = try lexer.next(), case .keyword("obj") = try lexer.next() else {
            throw .damaged("no object header at \(lexer.pos)" + (ref.map { " for \($0)" } ?? ""))
        }
        let r = PDFRef(n, g)
        if let ref, ref != r { throw .damaged("xref points to \(r) instead of \(ref)") }
        let obj = try parseObject()
        let save = lexer.pos
        let t = try lexer.next()
        if t == .keyword("stream"), case .dict(let dict) = obj {
            var p = lexer.pos
            let bytes = lexer.bytes
            if p < lexer.end && bytes[p] == 0x0D { p += 1 }
            if p < lexer.end && bytes[p] == 0x0A { p += 1 }
            var length: Int?
            switch dict["Length"] {
            case .int(let l)?: length = l
            case .ref(let lr)?: length = try lengthResolver(lr)  // cycles and budgets surface, not a vague bad length
            default: length = nil
            }
            guard let length, length >= 0, p + length <= lexer.end else { throw .damaged("bad stream length in \(r)") }
            lexer.pos = p + length
            guard case .keyword("endstream") = try lexer.next() else { throw .damaged("missing endstream in \(r)") }
            return (r, .stream(PDFStream(dict: dict, data: Array(bytes[p..<p + length]))))
        }
        lexer.pos = save
        return (r, obj)
    }
}
