/// An incremental update being built on top of a document: new and replaced objects, then one xref section.
///
/// Original bytes are never touched: `serialize()` returns only the bytes to append. The xref section has the same
/// style (classic table or xref stream) as the document's newest section.
public struct IncrementalUpdate: Sendable {
    enum Body: Sendable {
        case object(PDFObject)
        /// Pre-serialised object body (used for the signature dictionary with its placeholders).
        case raw([UInt8])
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

    mutating func setRaw(_ ref: PDFRef, _ bytes: [UInt8]) { setBody(ref, .raw(bytes)) }

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
        return try base.object(ref)
    }

    public var isEmpty: Bool { objects.isEmpty }

    /// The bytes to append, and the offset of each written object relative to the start of those bytes.
    public func serialize() -> (bytes: [UInt8], offsets: [PDFRef: Int]) {
        var out: [UInt8] = []
        if base.end > 0, base.bytes[base.end - 1] != 0x0A, base.bytes[base.end - 1] != 0x0D { out.append(0x0A) }
        var offsets: [PDFRef: Int] = [:]
        var rows: [(Int, Int, Int)] = []  // number, absolute offset, generation
        for (ref, body) in objects.sorted(by: { $0.ref.number < $1.ref.number }) {
            offsets[ref] = out.count
            rows.append((ref.number, base.end + out.count, ref.generation))
            out += Array("\(ref.number) \(ref.generation) obj\n".utf8)
            switch body {
            case .object(let o): PDFSerializer.write(o, to: &out)
            case .raw(let b): out += b
            }
            out += Array("\nendobj\n".utf8)
        }
        let highest = max(objects.map(\.ref.number).max() ?? 0, nextNumber - 1)
        var trailer = PDFDict()
        for k in ["Root", "Info"] { trailer[k] = base.trailer[k] }
        let id1 = Array(Digest.sha256(out + Array(String(base.end).utf8)).prefix(16))
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
            for run in runs(rows.map(\.0)) { index += [.int(run.0), .int(run.1)] }
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
            out += Array("\(x) 0 obj\n".utf8)
            PDFSerializer.write(.stream(PDFStream(dict: d, data: data)), to: &out)
            out += Array("\nendobj\n".utf8)
        } else {
            out += Array("xref\n".utf8)
            var i = 0
            for (first, count) in runs(rows.map(\.0)) {
                out += Array("\(first) \(count)\n".utf8)
                for (_, off, gen) in rows[i..<i + count] {
                    out += Array((pad(off, 10) + " " + pad(gen, 5) + " n \n").utf8)
                }
                i += count
            }
            var t = PDFDict()
            t["Size"] = .int(max(base.size, highest + 1))
            for e in trailer.entries { t[e.key] = e.value }
            out += Array("trailer\n".utf8)
            PDFSerializer.write(.dict(t), to: &out)
            out += [0x0A]
        }
        out += Array("startxref\n\(xrefOffset)\n%%EOF\n".utf8)
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

    private func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
