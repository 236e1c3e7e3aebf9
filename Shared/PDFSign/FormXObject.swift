/// Form XObjects used as appearance streams.
enum FormXObject {
    /// An empty form of the given size (what an invisible or imageless signature shows).
    static func empty(width: Double, height: Double) -> PDFObject {
        var d = PDFDict()
        d["Type"] = .name("XObject")
        d["Subtype"] = .name("Form")
        d["BBox"] = .array([.int(0), .int(0), .real(width), .real(height)])
        d["Resources"] = .dict(PDFDict())
        return .stream(PDFStream(dict: d, data: []))
    }
}
