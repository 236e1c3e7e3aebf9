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

    /// What reading this document may cost; every lookup and inflation is held to it.
    public let limits: PDFLimits
    /// Inflated bytes spent so far, shared by copies of this document.
    let budget: InflationBudget

    /// Reads the revision ending at `end` (default: the whole buffer) within `limits`.
    public init(bytes: [UInt8], end: Int? = nil, limits: PDFLimits = .standard) throws(PDFSignError) {
        let end = min(end ?? bytes.count, bytes.count)
        guard end >= 8, PDFBytes.firstIndex(of: Array("%PDF-".utf8), in: bytes, lower: 0, upper: min(1024, end)) != nil else {
            throw .damaged("no %PDF- header")
        }
        self.bytes = bytes
        self.end = end
        self.limits = limits
        budget = InflationBudget(limit: limits.inflatedBytes)
        let reader = XRefReader(bytes: bytes, end: end, limits: limits, budget: budget)
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
        // A catalog that does not parse is reported below as "not a catalog"; a budget or a loop is reported as itself.
        do throws(PDFSignError) {
            catalog = try resolve(.ref(rootRef)).dictValue ?? PDFDict()
        } catch {
            if error.isLimitViolation { throw error }
        }
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
        var trail = ResolutionTrail()
        return try object(ref, trail: &trail)
    }

    /// One lookup inside others (a /Length inside a stream, an object inside an object stream): `trail` holds the
    /// lookups still open, so an object met again is a loop, not an endless recursion.
    private func object(_ ref: PDFRef, trail: inout ResolutionTrail) throws(PDFSignError) -> PDFObject {
        guard !trail.open.contains(ref) else {
            throw .referenceCycle((trail.open + [ref]).map { "\($0)" }.joined(separator: " → "))
        }
        guard trail.open.count < limits.referenceDepth else { throw .referenceDepth(limits.referenceDepth) }
        trail.open.append(ref)
        defer { trail.open.removeLast() }
        switch entries[ref.number] {
        case .inFile(let off, let g)?:
            guard g == ref.generation else { return .null }
            guard off >= 0, off < end else { throw .damaged("object \(ref) offset is outside the file") }
            var p = PDFParser(bytes: bytes, end: end, pos: off)
            return try p.parseIndirect(expecting: ref) { (r) throws(PDFSignError) -> Int? in try object(r, trail: &trail).intValue }.1
        case .inObjectStream(let s, let i)?:
            guard ref.generation == 0 else { return .null }
            return try objectInStream(s, index: i, number: ref.number, trail: &trail)
        default:
            return .null
        }
    }

    /// Follows references until a direct object.
    public func resolve(_ obj: PDFObject?) throws(PDFSignError) -> PDFObject {
        var o = obj ?? .null
        var seen: [PDFRef] = []
        while case .ref(let r) = o {
            guard !seen.contains(r) else { throw .referenceCycle((seen + [r]).map { "\($0)" }.joined(separator: " → ")) }
            guard seen.count < limits.referenceDepth else { throw .referenceDepth(limits.referenceDepth) }
            seen.append(r)
            o = try object(r)
        }
        return o
    }

    func resolvedDict(_ obj: PDFObject?) -> PDFDict? { (try? resolve(obj))?.dictValue }

    private func objectInStream(_ s: Int, index: Int, number: Int, trail: inout ResolutionTrail) throws(PDFSignError) -> PDFObject {
        if let cached = objectStreams.get(s) {
            // Decoded once: an object missing from it must not inflate the stream again (and spend the budget again).
            guard let o = cached[number] else { throw .damaged("object \(number) is not in object stream \(s)") }
            return o
        }
        // An object stream that holds itself is a loop before it is a nesting.
        if let inside = trail.open.last(where: { $0.number == s }) {
            throw .referenceCycle((trail.open + [inside]).map { "\($0)" }.joined(separator: " → "))
        }
        trail.objectStreams += 1
        defer { trail.objectStreams -= 1 }
        guard trail.objectStreams <= limits.objectStreamNesting + 1 else { throw .nestedObjectStream("object stream \(s)") }
        guard case .stream(let st) = try object(PDFRef(s, generation(of: s)), trail: &trail), st.dict["Type"]?.nameValue == "ObjStm" else {
            throw .damaged("object stream \(s) is missing")
        }
        let data = try Flate.decode(st, budget: budget)
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
