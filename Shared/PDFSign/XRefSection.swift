/// Where an object lives according to one cross-reference section.
enum XRefEntry: Sendable, Equatable {
    case free
    case inFile(offset: Int, generation: Int)
    case inObjectStream(stream: Int, index: Int)
}

/// One cross-reference section (a classic table with its trailer, or an xref stream).
struct XRefSection: Sendable {
    enum Kind: Sendable { case table, stream }
    let offset: Int
    let kind: Kind
    var entries: [Int: XRefEntry]
    let trailer: PDFDict
}

/// Reads the cross-reference chain of `bytes[0..<end]`.
struct XRefReader {
    let bytes: [UInt8]
    let end: Int
    let limits: PDFLimits
    /// Xref streams are inflated from the document's budget.
    let budget: InflationBudget

    /// Finds the last `startxref` value in the tail (1 KiB, widened to 4 KiB for trailing junk).
    func startXRef() throws(PDFSignError) -> Int {
        for window in [1024, 4096] {
            let lower = max(0, end - window)
            guard let i = PDFBytes.lastIndex(of: Array("startxref".utf8), in: bytes, lower: lower, upper: end) else { continue }
            var lex = PDFLexer(bytes: bytes, end: end, pos: i + 9)
            guard case .int(let off) = try? lex.next(), off >= 0 else { throw .damaged("startxref has no offset") }
            guard PDFBytes.firstIndex(of: Array("%%EOF".utf8), in: bytes, lower: lex.pos, upper: end) != nil else {
                throw .truncated("no %%EOF after startxref")
            }
            return off
        }
        throw .truncated("no startxref in the last 4 KiB")
    }

    /// Sections newest first, following /Prev with a loop guard.
    func chain(from start: Int) throws(PDFSignError) -> [XRefSection] {
        var out: [XRefSection] = []
        var visited: Set<Int> = []
        var next: Int? = start
        var rows = 0
        while let off = next {
            guard visited.insert(off).inserted else {
                throw .referenceCycle("the /Prev chain of cross-reference sections returns to offset \(off)")
            }
            guard off >= 0 else { throw .damaged("negative xref offset") }
            guard off < end else { throw .truncated("xref offset \(off) is past the end of the file") }
            let s = try section(at: off, maxRows: limits.objects - rows)
            rows += s.entries.count
            if s.trailer["XRefStm"] != nil { throw PDFSignError.hybrid }
            out.append(s)
            next = s.trailer["Prev"]?.intValue
            guard out.count < 10000 else { throw .damaged("too many xref sections") }
        }
        return out
    }

    /// One section with at most `maxRows` rows (what is left of `PDFLimits.objects`).
    func section(at off: Int, maxRows: Int) throws(PDFSignError) -> XRefSection {
        var lex = PDFLexer(bytes: bytes, end: end, pos: off)
        let save = lex.pos
        if case .keyword("xref") = try lex.next() { return try table(lexer: &lex, offset: off, maxRows: maxRows) }
        lex.pos = save
        return try stream(at: off, maxRows: maxRows)
    }

    private func table(lexer lex: inout PDFLexer, offset: Int, maxRows: Int) throws(PDFSignError) -> XRefSection {
        var declared = 0
        var entries: [Int: XRefEntry] = [:]
        while true {
            let t = try lex.next()
            if t == .keyword("trailer") { break }
            guard case .int(let first) = t, case .int(let count) = try lex.next(), first >= 0, count >= 0, first < 1 << 31,
                count <= (end - lex.pos) / 17 + 1
            else { throw .damaged("bad xref subsection near \(lex.pos)") }
            declared += count
            guard declared <= maxRows else { throw .tooManyObjects(limits.objects) }
            var n = first
            lex.skipWhitespace()
            // Entries in the standard 20-byte form are read in place; anything else goes through the lexer.
            while n < first + count, let (o, g, k) = Self.standardEntry(bytes, at: lex.pos, end: end) {
                if entries[n] == nil { entries[n] = k == 0x6E ? (o == 0 && n != 0 ? .free : .inFile(offset: o, generation: g)) : .free }
                lex.pos += 20
                n += 1
            }
            while n < first + count {
                guard case .int(let o) = try lex.next(), case .int(let g) = try lex.next(), case .keyword(let k) = try lex.next() else {
                    throw .damaged("bad xref entry for object \(n)")
                }
                defer { n += 1 }
                guard entries[n] == nil else { continue }
                switch k {
                case "n": entries[n] = o == 0 && n != 0 ? .free : .inFile(offset: o, generation: g)
                case "f": entries[n] = .free
                default: throw .damaged("bad xref entry type '\(k)' for object \(n)")
                }
            }
        }
        var p = PDFParser(bytes: bytes, end: end, pos: lex.pos)
        guard case .dict(let trailer) = try p.parseObject() else { throw .damaged("trailer is not a dictionary") }
        return XRefSection(offset: offset, kind: .table, entries: entries, trailer: trailer)
    }

    /// `oooooooooo ggggg n` + a two-byte end of line (ISO 32000 7.5.4): offset, generation and `n`/`f`, or nil.
    static func standardEntry(_ b: [UInt8], at p: Int, end: Int) -> (Int, Int, UInt8)? {
        guard p >= 0, p + 20 <= end else { return nil }
        return b.withUnsafeBufferPointer { e -> (Int, Int, UInt8)? in
            func digits(_ from: Int, _ count: Int) -> Int? {
                var v = 0
                for i in from..<(from + count) {
                    let d = e[i] &- 0x30
                    guard d < 10 else { return nil }
                    v = v * 10 + Int(d)
                }
                return v
            }
            let k = e[p + 17]
            guard e[p + 10] == 0x20, e[p + 16] == 0x20, k == 0x6E || k == 0x66,
                [0x20, 0x0D, 0x0A].contains(e[p + 18]), e[p + 19] == 0x0D || e[p + 19] == 0x0A,
                let o = digits(p, 10), let g = digits(p + 11, 5)
            else { return nil }
            return (o, g, k)
        }
    }

    private func stream(at off: Int, maxRows: Int) throws(PDFSignError) -> XRefSection {
        var p = PDFParser(bytes: bytes, end: end, pos: off)
        let (_, obj) = try p.parseIndirect(expecting: nil) { _ in nil }
        guard case .stream(let s) = obj, s.dict["Type"]?.nameValue == "XRef" else {
            throw .damaged("startxref/Prev offset \(off) points to neither 'xref' nor an xref stream")
        }
        let data = try Flate.decode(s, budget: budget)
        guard let w = s.dict["W"]?.arrayValue?.compactMap(\.intValue), w.count == 3, w.allSatisfy({ $0 >= 0 && $0 <= 8 }) else {
            throw .damaged("xref stream has a bad /W")
        }
        let size = s.dict["Size"]?.intValue ?? 0
        var index = s.dict["Index"]?.arrayValue?.compactMap(\.intValue) ?? [0, size]
        if index.count % 2 != 0 { index.removeLast() }
        let rowLen = w[0] + w[1] + w[2]
        guard rowLen > 0 else { throw .damaged("xref stream has empty rows") }
        var entries: [Int: XRefEntry] = [:]
        var pos = 0
        func field(_ width: Int, _ def: Int) -> Int {
            guard width > 0 else { return def }
            var v = 0
            for k in 0..<width { v = v << 8 | Int(data[pos + k]) }
            pos += width
            return v
        }
        var i = 0
        var declared = 0
        while i < index.count {
            let first = index[i], count = index[i + 1]
            guard first >= 0, count >= 0, first < 1 << 31, count < 1 << 31 else { throw .damaged("bad xref stream /Index") }
            declared += min(count, data.count / rowLen + 1)  // rows past the data are refused below anyway
            guard declared <= maxRows else { throw .tooManyObjects(limits.objects) }
            for n in first..<(first + count) {
                guard pos + rowLen <= data.count else { throw .damaged("xref stream is shorter than its /Index") }
                let type = field(w[0], 1), f2 = field(w[1], 0), f3 = field(w[2], 0)
                guard entries[n] == nil else { continue }
                switch type {
                case 0: entries[n] = .free
                case 1: entries[n] = .inFile(offset: f2, generation: f3)
                case 2: entries[n] = .inObjectStream(stream: f2, index: f3)
                default: entries[n] = .free
                }
            }
            i += 2
        }
        return XRefSection(offset: off, kind: .stream, entries: entries, trailer: s.dict)
    }
}
