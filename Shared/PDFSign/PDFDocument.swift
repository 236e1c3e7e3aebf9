import Synchronization

/// A parsed PDF (read-only view of `bytes[0..<end]`): the merged cross-reference data and an object resolver.
///
/// Only the objects that are asked for are parsed. Encrypted, truncated, damaged and hybrid-reference files are refused.
public struct PDFDocument: Sendable {
    /// The file bytes (the whole buffer; this view ends at `end`).
    public let bytes: [UInt8]
    /// Length of the revision this view reads.
    public let end: Int
    /// The `startxref` value of the newest section.
    public let startXRef: Int
    let sections: [XRefSection]
    let entries: [Int: XRefEntry]
    /// Trailer keys merged newest first.
    public let trailer: PDFDict
    /// The largest /Size of any section.
    public let size: Int
    private let objectStreams = ObjectStreamCache()
    let pageCache = PageCache()

    /// Reads the revision ending at `end` (default: the whole buffer).
    public init(bytes: [UInt8], end: Int? = nil) throws(PDFSignError) {
        let end = min(end ?? bytes.count, bytes.count)
        guard end >= 8, PDFBytes.firstIndex(of: Array("%PDF-".utf8), in: bytes, lower: 0, upper: min(1024, end)) != nil else {
            throw .damaged("no %PDF- header")
        }
        self.bytes = bytes
        self.end = end
        let reader = XRefReader(bytes: bytes, end: end)
        startXRef = try reader.startXRef()
        sections = try reader.chain(from: startXRef)
        var merged: [Int: XRefEntry] = [:]
        var trailer = PDFDict()
        var size = 0
        for s in sections {
            merged.merge(s.entries) { newer, _ in newer }
            for e in s.trailer.entries where trailer[e.key] == nil { trailer[e.key] = e.value }
            size = max(size, s.trailer["Size"]?.intValue ?? 0)
        }
        for k in ["Prev", "XRefStm", "Type", "W", "Index", "Filter", "DecodeParms", "Length", "DocChecksum"] { trailer[k] = nil }
        entries = merged
        self.trailer = trailer
        self.size = max(size, (merged.keys.max() ?? 0) + 1)
        if trailer["Encrypt"] != nil { throw PDFSignError.encrypted }
        guard trailer["Root"]?.refValue != nil else { throw .damaged("trailer has no /Root") }
        catalog = (try? object(rootRef).dictValue) ?? PDFDict()
        guard catalog["Type"]?.nameValue == "Catalog" || catalog["Pages"] != nil else { throw .damaged("/Root is not a catalog") }
    }

    /// Kind of the newest cross-reference section: new updates are written the same way.
    var newestIsStream: Bool { sections.first?.kind == .stream }

    public var rootRef: PDFRef { trailer["Root"]!.refValue! }
    /// The document catalog, parsed once (every signature, field and page lookup starts from it).
    public private(set) var catalog = PDFDict()

    /// Whether the object number is in use in this revision.
    func exists(_ n: Int) -> Bool {
        switch entries[n] {
        case .inFile?, .inObjectStream?: true
        default: false
        }
    }

    /// The generation the xref gives for an object (0 for objects in object streams).
    func generation(of n: Int) -> Int {
        if case .inFile(_, let g)? = entries[n] { return g }
        return 0
    }

    /// Resolves an indirect object. Free or missing objects are `null` (as the PDF spec says).
    public func object(_ ref: PDFRef) throws(PDFSignError) -> PDFObject {
        switch entries[ref.number] {
        case .inFile(let off, let g)?:
            guard g == ref.generation else { return .null }
            guard off >= 0, off < end else { throw .damaged("object \(ref) offset is outside the file") }
            var p = PDFParser(bytes: bytes, end: end, pos: off)
            let doc = self
            return try p.parseIndirect(expecting: ref) { r in try doc.object(r).intValue }.1
        case .inObjectStream(let s, let i)?:
            guard ref.generation == 0 else { return .null }
            return try objectInStream(s, index: i, number: ref.number)
        default:
            return .null
        }
    }

    /// Follows references until a direct object.
    public func resolve(_ obj: PDFObject?) throws(PDFSignError) -> PDFObject {
        var o = obj ?? .null
        var hops = 0
        while case .ref(let r) = o {
            o = try object(r)
            hops += 1
            if hops > 32 { throw .damaged("reference chain too long") }
        }
        return o
    }

    func resolvedDict(_ obj: PDFObject?) -> PDFDict? { (try? resolve(obj))?.dictValue }

    private func objectInStream(_ s: Int, index: Int, number: Int) throws(PDFSignError) -> PDFObject {
        if let cached = objectStreams.get(s)?[number] { return cached }
        guard case .stream(let st) = try object(PDFRef(s, generation(of: s))), st.dict["Type"]?.nameValue == "ObjStm" else {
            throw .damaged("object stream \(s) is missing")
        }
        let data = try Flate.decode(st)
        let n = st.dict["N"]?.intValue ?? 0, first = st.dict["First"]?.intValue ?? 0
        guard n >= 0, first >= 0, first <= data.count else { throw .damaged("object stream \(s) has a bad header") }
        var lex = PDFLexer(bytes: data, end: first, pos: 0)
        var table: [(Int, Int)] = []
        for _ in 0..<n {
            guard case .int(let num) = try lex.next(), case .int(let rel) = try lex.next() else {
                throw .damaged("object stream \(s) has a bad offset table")
            }
            table.append((num, rel))
        }
        var objects: [Int: PDFObject] = [:]
        for (num, rel) in table where rel >= 0 && rel < data.count - first {
            var p = PDFParser(bytes: data, end: data.count, pos: first + rel)
            if let o = try? p.parseObject() { objects[num] = o }
        }
        objectStreams.set(s, objects)
        guard let o = objects[number] else { throw .damaged("object \(number) is not in object stream \(s)") }
        return o
    }
}

/// Decoded object streams, shared by copies of one document.
final class ObjectStreamCache: Sendable {
    private let storage = Mutex<[Int: [Int: PDFObject]]>([:])
    func get(_ n: Int) -> [Int: PDFObject]? { storage.withLock { $0[n] } }
    func set(_ n: Int, _ v: [Int: PDFObject]) { storage.withLock { $0[n] = v } }
}
