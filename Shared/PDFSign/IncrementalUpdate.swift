import OpenSSLSupport

/// An incremental update being built on top of a document: new and replaced objects, then one xref section.
///
/// Original bytes are never touched: `serialize()` returns only the bytes to append. The xref section has the same
/// style (classic table or xref stream) as the document's newest section.
public struct IncrementalUpdate: Sendable {
    enum Body: Sendable {
        case object(PDFObject)
        /// Pre-serialised object body (used for the signature dictionary). `placeholder`: `count` bytes `0` inserted at
        /// `at` when serialising, filled later (the /Contents hex), so left out of the file identifier.
        case raw([UInt8], placeholder: Placeholder?)
    }

    public let base: PDFDocument
    private(set) var objects: [(ref: PDFRef, body: Body)] = []
    private var nextNumber: Int

    public init(base: PDFDocument) {
        self.base = base
        nextNumber = base.size
    }

    /// Reserves a number for a new object (gen 0) to be set later with `set`.
    public mutating func reserve() -> PDFRef {
        defer { nextNumber += 1 }
        return PDFRef(nextNumber, 0)
    }

    /// Adds a new object and returns its reference.
    @discardableResult
    public mutating func add(_ obj: PDFObject) -> PDFRef {
        let r = reserve()
        set(r, obj)
        return r
    }

    /// Sets (or replaces) the object `ref`; replaced objects keep their number and generation.
    public mutating func set(_ ref: PDFRef, _ obj: PDFObject) {
        setBody(ref, .object(obj))
    }

    struct Placeholder: Sendable {
        let at: Int
        let count: Int
    }

    mutating func setRaw(_ ref: PDFRef, _ bytes: [UInt8], placeholder: Placeholder? = nil) {
        setBody(ref, .raw(bytes, placeholder: placeholder))
    }

    private mutating func setBody(_ ref: PDFRef, _ body: Body) {
        if let i = objects.firstIndex(where: { $0.ref.number == ref.number }) {
            objects[i] = (ref, body)
        } else {
            objects.append((ref, body))
        }
    }

    /// The current value of an object in this update, or in the base document.
    public func current(_ ref: PDFRef) throws(PDFSignError) -> PDFObject {
        if let o = objects.first(where: { $0.ref == ref }), case .object(let obj) = o.body { return obj }
        if ref == base.rootRef { return .dict(base.catalog) }  // parsed once by the document
        return try base.object(ref)
    }

    public var isEmpty: Bool { objects.isEmpty }

    /// Whether this update sets (or replaces) object `ref`.
    func contains(_ ref: PDFRef) -> Bool { objects.contains { $0.ref.number == ref.number } }

    /// The bytes to append, and the offset of each written object relative to the start of those bytes.
    public func serialize() -> (bytes: [UInt8], offsets: [PDFRef: Int]) {
        var out: [UInt8] = []
        // One allocation for the whole update (the signature placeholder alone is tens of kilobytes).
        out.reserveCapacity(objects.reduce(4096) { n, o in
            if case .raw(let b, let p) = o.body { return n + b.count + (p?.count ?? 0) + 64 }
            return n + 512
        })
        if base.end > 0, base.bytes[base.end - 1] != 0x0A, base.bytes[base.end - 1] != 0x0D { out.append(0x0A) }
        var offsets: [PDFRef: Int] = Dictionary(minimumCapacity: objects.count)
        var rows: [(Int, Int, Int)] = []  // number, absolute offset, generation
        rows.reserveCapacity(objects.count + 1)
        var hole = 0..<0
        for (ref, body) in objects.sorted(by: { $0.ref.number < $1.ref.number }) {
            offsets[ref] = out.count
            rows.append((ref.number, base.end + out.count, ref.generation))
            PDFSerializer.appendDecimal(ref.number, to: &out)
            out.append(0x20)
            PDFSerializer.appendDecimal(ref.generation, to: &out)
            out += " obj\n".utf8
            switch body {
            case .object(let o): PDFSerializer.write(o, to: &out)
            case .raw(let b, nil): out += b
            case .raw(let b, let p?):
                out += b[0..<p.at]
                hole = out.count..<(out.count + p.count)
                out += repeatElement(0x30, count: p.count)
                out += b[p.at...]
            }
            out += "\nendobj\n".utf8
        }
        let highest = max(objects.map { $0.ref.number }.max() ?? 0, nextNumber - 1)
        var trailer = PDFDict()
        for k in ["Root", "Info"] { trailer[k] = base.trailer[k] }
        let idHash = StreamingDigest()
        idHash.update(out, 0..<hole.lowerBound)
        idHash.update(out, hole.upperBound..<out.count)
        var end: [UInt8] = []
        PDFSerializer.appendDecimal(base.end, to: &end)
        idHash.update(end)
        let id1 = Array(idHash.finish().prefix(16))
        if case .array(let ids)? = base.trailer["ID"], let id0 = ids.first?.stringBytes {
            trailer["ID"] = .array([.string(id0), .string(id1)])
        } else {
            trailer["ID"] = .array([.string(id1), .string(id1)])
        }
        trailer["Prev"] = .int(base.startXRef)
        let xrefOffset = base.end + out.count
        if base.newestIsStream {
            let x = highest + 1
            rows.append((x, xrefOffset, 0))
            var data: [UInt8] = []
            var index: [PDFObject] = []
            for run in runs(rows.map { $0.0 }) { index += [.int(run.0), .int(run.1)] }
            for (_, off, gen) in rows {
                data += [1, UInt8(off >> 24 & 0xFF), UInt8(off >> 16 & 0xFF), UInt8(off >> 8 & 0xFF), UInt8(off & 0xFF)]
                data += [UInt8(gen >> 8 & 0xFF), UInt8(gen & 0xFF)]
            }
            var d = PDFDict()
            d["Type"] = .name("XRef")
            d["Size"] = .int(max(base.size, x + 1))
            d["W"] = .array([.int(1), .int(4), .int(2)])
            d["Index"] = .array(index)
            for e in trailer.entries { d[e.key] = e.value }
            PDFSerializer.appendDecimal(x, to: &out)
            out += " 0 obj\n".utf8
            PDFSerializer.write(.stream(PDFStream(dict: d, data: data)), to: &out)
            out += "\nendobj\n".utf8
        } else {
            out += "xref\n".utf8
            var i = 0
            for (first, count) in runs(rows.map { $0.0 }) {
                PDFSerializer.appendDecimal(first, to: &out)
                out.append(0x20)
                PDFSerializer.appendDecimal(count, to: &out)
                out.append(0x0A)
                for (_, off, gen) in rows[i..<i + count] {
                    appendPadded(off, 10, to: &out)
                    out.append(0x20)
                    appendPadded(gen, 5, to: &out)
                    out += " n \n".utf8
                }
                i += count
            }
            var t = PDFDict()
            t["Size"] = .int(max(base.size, highest + 1))
            for e in trailer.entries { t[e.key] = e.value }
            out += "trailer\n".utf8
            PDFSerializer.write(.dict(t), to: &out)
            out += [0x0A]
        }
        out += "startxref\n".utf8
        PDFSerializer.appendDecimal(xrefOffset, to: &out)
        out += "\n%%EOF\n".utf8
        return (out, offsets)
    }

    /// Runs of consecutive numbers in a sorted list: (first, count).
    private func runs(_ numbers: [Int]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for n in numbers {
            if let last = out.last, last.0 + last.1 == n { out[out.count - 1].1 += 1 } else { out.append((n, 1)) }
        }
        return out
    }

    /// `v` in decimal, left-padded with zeros to `width` digits (xref table fields).
    private func appendPadded(_ v: Int, _ width: Int, to out: inout [UInt8]) {
        var digits = 1, scale = 10
        while v >= scale && digits < width {
            digits += 1
            scale *= 10
        }
        if digits < width { out += repeatElement(0x30, count: width - digits) }
        PDFSerializer.appendDecimal(v, to: &out)
    }
}
