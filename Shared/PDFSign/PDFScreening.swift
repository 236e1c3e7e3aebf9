/// Reading a PDF as signing will, before anyone signs it: a file that arrives (a draft upload) is refused then,
/// with its reason, rather than when the head approves it.
public enum PDFScreening {
    /// What the reader found in a file that passed.
    public struct Summary: Sendable, Equatable {
        public let pages: Int
        public let fields: Int
        /// Inflated bytes the reading spent from `PDFLimits.inflatedBytes`.
        public let inflatedBytes: Int
    }

    /// Reads the cross-references, the catalog, the page tree and the form fields (what signing reads) within `limits`.
    public static func screen(_ bytes: [UInt8], limits: PDFLimits = .standard) throws(PDFSignError) -> Summary {
        let doc = try PDFDocument(bytes: bytes, limits: limits)
        let pages = try doc.pages().count
        let fields = try doc.fields().count
        return Summary(pages: pages, fields: fields, inflatedBytes: doc.budget.total)
    }
}
