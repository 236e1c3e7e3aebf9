import Synchronization

/// A page with its inherited attributes.
public struct PDFPage: Sendable {
    public let ref: PDFRef
    public let dict: PDFDict
    /// [x1 y1 x2 y2] of the (inherited) /MediaBox.
    public let mediaBox: PDFRect
    public let rotate: Int
}

/// A rectangle in PDF user space (points, origin bottom-left).
public struct PDFRect: Sendable, Equatable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    var pdfArray: PDFObject { .array([.real(x), .real(y), .real(maxX), .real(maxY)]) }
    public var description: String { "[\(x) \(y) \(maxX) \(maxY)]" }

    init?(_ obj: PDFObject?) {
        guard let a = obj?.arrayValue?.compactMap(\.doubleValue), a.count == 4 else { return nil }
        self.init(x: min(a[0], a[2]), y: min(a[1], a[3]), width: abs(a[2] - a[0]), height: abs(a[3] - a[1]))
    }
}

extension PDFDocument {
    /// All pages in order (walks the page tree with inheritance and a loop guard; once per document).
    public func pages() throws(PDFSignError) -> [PDFPage] {
        if let cached = pageCache.pages { return cached }
        let all = try walkPages()
        pageCache.pages = all
        return all
    }

    private func walkPages() throws(PDFSignError) -> [PDFPage] {
        guard let root = catalog["Pages"]?.refValue else { throw .damaged("catalog has no /Pages") }
        var out: [PDFPage] = []
        var seen: Set<PDFRef> = []
        func walk(_ ref: PDFRef, inherited: PDFDict) throws(PDFSignError) {
            guard seen.insert(ref).inserted, seen.count < 100_000 else { throw .damaged("page tree loops") }
            guard let node = try object(ref).dictValue else { throw .damaged("page tree node \(ref) is not a dictionary") }
            var inh = inherited
            for k in ["Resources", "MediaBox", "CropBox", "Rotate"] where node[k] != nil { inh[k] = node[k] }
            if node["Type"]?.nameValue == "Pages" || (node["Kids"] != nil && node["Type"]?.nameValue != "Page") {
                for kid in try resolve(node["Kids"]).arrayValue ?? [] {
                    if let r = kid.refValue { try walk(r, inherited: inh) }
                }
            } else {
                let box = PDFRect(try resolve(inh["MediaBox"])) ?? PDFRect(x: 0, y: 0, width: 595.28, height: 841.89)
                let rot = ((try resolve(inh["Rotate"]).intValue ?? 0) % 360 + 360) % 360
                out.append(PDFPage(ref: ref, dict: node, mediaBox: box, rotate: rot))
            }
        }
        try walk(root, inherited: PDFDict())
        return out
    }

    public func page(_ index: Int) throws(PDFSignError) -> PDFPage {
        let all = try pages()
        guard index >= 0 && index < all.count else {
            throw PDFSignError(.fieldNotFound, "Page \(index + 1) does not exist", vi: "Không có trang \(index + 1)")
        }
        return all[index]
    }
}

/// The page list of one document, shared by its copies (the document never changes, so neither do its pages).
final class PageCache: Sendable {
    private let storage = Mutex<[PDFPage]?>(nil)
    var pages: [PDFPage]? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
