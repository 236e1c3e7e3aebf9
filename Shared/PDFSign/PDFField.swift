/// A terminal AcroForm field (merged with its widget or not).
public struct PDFField: Sendable {
    public enum Kind: Sendable, Equatable { case signature, text, other(String) }
    public let ref: PDFRef
    /// Fully qualified name (`parent.child`).
    public let name: String
    public let kind: Kind
    public let dict: PDFDict
    /// The widget annotations (the field itself when merged).
    public let widgets: [PDFRef]
    /// Whether a signature field holds a value (is signed).
    public var isSigned: Bool { dict["V"] != nil && dict["V"] != .null }
}

extension PDFDocument {
    /// The AcroForm dictionary, resolved, and its reference when indirect.
    func acroForm() -> (PDFDict, PDFRef?)? {
        switch catalog["AcroForm"] {
        case .ref(let r)?: (try? object(r).dictValue).map { ($0, r) }
        case .dict(let d)?: (d, nil)
        default: nil
        }
    }

    /// Every terminal field of the AcroForm.
    public func fields() throws(PDFSignError) -> [PDFField] {
        guard let (form, _) = acroForm() else { return [] }
        var out: [PDFField] = []
        var seen: Set<PDFRef> = []
        func walk(_ ref: PDFRef, prefix: String, inheritedFT: String?) throws(PDFSignError) {
            guard seen.insert(ref).inserted, seen.count < 100_000 else { throw .damaged("AcroForm field tree loops") }
            guard let d = try object(ref).dictValue else { return }
            let partial = d["T"]?.textValue
            let name = [prefix, partial ?? ""].filter { !$0.isEmpty }.joined(separator: ".")
            let ft = d["FT"]?.nameValue ?? inheritedFT
            let kids = (try resolve(d["Kids"]).arrayValue ?? []).compactMap(\.refValue)
            let kidDicts = kids.compactMap { try? object($0).dictValue }
            let kidsAreFields = kidDicts.contains { $0["T"] != nil }
            if !kids.isEmpty && kidsAreFields {
                for k in kids { try walk(k, prefix: name, inheritedFT: ft) }
                return
            }
            let kind: PDFField.Kind = switch ft {
            case "Sig": .signature
            case "Tx": .text
            default: .other(ft ?? "")
            }
            out.append(PDFField(ref: ref, name: name, kind: kind, dict: d, widgets: kids.isEmpty ? [ref] : kids))
        }
        for f in try resolve(form["Fields"]).arrayValue ?? [] {
            if let r = f.refValue { try walk(r, prefix: "", inheritedFT: nil) }
        }
        return out
    }

    public func field(named name: String) throws(PDFSignError) -> PDFField? {
        try fields().first { $0.name == name }
    }
}
