import ZlibSupport

/// Turns the first page of a (Cairo-made) PDF into a Form XObject inside an update (pdf-notes §7):
/// everything reachable from the page's /Resources and /Group is deep-copied to fresh object numbers.
struct AppearanceImporter {
    let source: PDFDocument
    private var map: [PDFRef: PDFRef] = [:]

    init(pdf: [UInt8]) throws {
        source = try PDFDocument(bytes: pdf)
    }

    /// Adds the form (and its resources) to `upd` and returns its reference. BBox = the page's MediaBox size.
    mutating func importFirstPage(into upd: inout IncrementalUpdate) throws -> PDFRef {
        let page = try source.page(0)
        var parts: [[UInt8]] = []
        let contents = try source.resolve(page.dict["Contents"])
        for c in contents.arrayValue ?? [contents] {
            if case .stream(let s) = try source.resolve(c) { parts.append(try Flate.decode(s, budget: source.budget)) }
        }
        var d = PDFDict()
        d["Type"] = .name("XObject")
        d["Subtype"] = .name("Form")
        d["BBox"] = .array([.int(0), .int(0), .real(page.mediaBox.width), .real(page.mediaBox.height)])
        if let res = page.dict["Resources"] { d["Resources"] = try copy(res, into: &upd) }
        if let group = page.dict["Group"] { d["Group"] = try copy(group, into: &upd) }
        d["Filter"] = .name("FlateDecode")
        let data = Zlib.compress(Array(parts.joined(separator: [0x0A])))
        return upd.add(.stream(PDFStream(dict: d, data: data)))
    }

    private mutating func copy(_ obj: PDFObject, into upd: inout IncrementalUpdate) throws -> PDFObject {
        switch obj {
        case .ref(let r):
            if let m = map[r] { return .ref(m) }
            let n = upd.reserve()
            map[r] = n
            upd.set(n, try copy(try source.object(r), into: &upd))
            return .ref(n)
        case .array(let a):
            var out: [PDFObject] = []
            for o in a { out.append(try copy(o, into: &upd)) }
            return .array(out)
        case .dict(let dict):
            return .dict(try copyDict(dict, into: &upd))
        case .stream(let s):
            var dict = try copyDict(s.dict, into: &upd)
            dict["Length"] = .int(s.data.count)
            return .stream(PDFStream(dict: dict, data: s.data))
        default:
            return obj
        }
    }

    private mutating func copyDict(_ dict: PDFDict, into upd: inout IncrementalUpdate) throws -> PDFDict {
        var out = PDFDict()
        for e in dict.entries where e.key != "Parent" {
            out[e.key] = e.key == "Length" ? try source.resolve(e.value) : try copy(e.value, into: &upd)
        }
        return out
    }
}
