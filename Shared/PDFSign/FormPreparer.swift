import Drawing

/// A text field to add (boxes 3-4: số/ký hiệu and date).
public struct TextFieldSpec: Sendable {
    public var name: String
    public var placement: FieldPlacement
    /// Font size used when the field is filled.
    public var fontSize: Double
    public init(name: String, placement: FieldPlacement, fontSize: Double = 13) {
        self.name = name
        self.placement = placement
        self.fontSize = fontSize
    }
}

/// Prepares unsigned documents (pdf-notes §0 step 1) and fills their text fields after signing (step 3).
public enum FormPreparer {
    /// Adds the missing text fields (read-only, empty) and empty signature fields. Returns nil when every field already
    /// exists ("already prepared"). Fields that exist with another type are an error.
    public static func prepare(
        _ document: PDFDocument, textFields: [TextFieldSpec], signatureFields: [(name: String, placement: FieldPlacement)]
    ) throws -> UpdatedPDF? {
        var upd = IncrementalUpdate(base: document)
        var added: [PDFRef] = []
        let existing = Dictionary(try document.fields().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for t in textFields {
            if let f = existing[t.name] {
                guard f.kind == .text else { throw PDFSignError.field(t.name, "exists but is not a text field") }
                continue
            }
            var w = widget(name: t.name, placement: t.placement, document: document, flags: 4)
            w["FT"] = .name("Tx")
            w["Ff"] = .int(1)
            w["DA"] = .string(Array("/Helv \(PDFSerializer.format(t.fontSize)) Tf 0 g".utf8))
            added.append(try add(w, page: t.placement.page, to: &upd))
        }
        for s in signatureFields {
            if let f = existing[s.name] {
                guard f.kind == .signature else { throw PDFSignError.field(s.name, "exists but is not a signature field") }
                continue
            }
            var w = widget(name: s.name, placement: s.placement, document: document, flags: 132)
            w["FT"] = .name("Sig")
            added.append(try add(w, page: s.placement.page, to: &upd))
        }
        guard !added.isEmpty else { return nil }
        for (i, r) in added.enumerated() {
            try SignatureField.updateAcroForm(&upd, newField: r, sigFlags: false)
            if i == 0 { try addDefaultResources(&upd) }
        }
        let (bytes, _) = upd.serialize()
        return UpdatedPDF(original: document.bytes, originalLength: document.end, appended: bytes)
    }

    /// Fills text fields as one form-filling update: new /V and a new /AP /N (Cairo + Pango text, subset fonts) per field.
    /// Nothing else is rewritten, so earlier signatures see only FORM_FILLING.
    public static func fill(_ document: PDFDocument, values: [(name: String, value: String)], fontSize: Double = 13) throws -> UpdatedPDF {
        guard document.end == document.bytes.count else { throw PDFSignError.unsupported("filling an older revision of a file") }
        var upd = IncrementalUpdate(base: document)
        for (name, value) in values {
            guard let f = try document.field(named: name), f.kind == .text, let wRef = f.widgets.first,
                var w = try document.object(wRef).dictValue
            else { throw PDFSignError.field(name, "is not a text field of this document") }
            let rect = PDFRect(try document.resolve(w["Rect"])) ?? PDFRect(x: 0, y: 0, width: 0, height: 0)
            guard rect.width > 0, rect.height > 0 else { throw PDFSignError.field(name, "has no visible rectangle") }
            let canvas = try AppearanceCanvas.make(width: rect.width, height: rect.height)
            let font = "\(SignatureAppearance.serif) \(PDFSerializer.format(fontSize))"
            let h = canvas.measure(value, font: font, width: rect.width)
            canvas.text(value, font: font, x: 1, y: max(0, (rect.height - h) / 2), width: rect.width - 2)
            var importer = try AppearanceImporter(pdf: try AppearanceCanvas.finish(canvas))
            let ap = try importer.importFirstPage(into: &upd)
            w["AP"] = .dict(PDFDict(["N": .ref(ap)]))
            if wRef == f.ref {
                w["V"] = .string(PDFText.encode(value))
            } else {
                var fd = f.dict
                fd["V"] = .string(PDFText.encode(value))
                upd.set(f.ref, .dict(fd))
            }
            upd.set(wRef, .dict(w))
        }
        let (bytes, _) = upd.serialize()
        return UpdatedPDF(original: document.bytes, originalLength: document.end, appended: bytes)
    }

    private static func widget(name: String, placement: FieldPlacement, document: PDFDocument, flags: Int) -> PDFDict {
        var w = PDFDict()
        w["Type"] = .name("Annot")
        w["Subtype"] = .name("Widget")
        w["T"] = .string(PDFText.encode(name))
        w["F"] = .int(flags)
        w["Rect"] = placement.rect.pdfArray
        return w
    }

    private static func add(_ widget: PDFDict, page index: Int, to upd: inout IncrementalUpdate) throws -> PDFRef {
        let page = try upd.base.page(index)
        var w = widget
        w["P"] = .ref(page.ref)
        let r = upd.add(.dict(w))
        try SignatureField.addAnnotation(r, to: page.ref, in: &upd)
        return r
    }

    /// /DR with Helvetica so the /DA of the text fields is resolvable.
    private static func addDefaultResources(_ upd: inout IncrementalUpdate) throws {
        let catalog = try upd.current(upd.base.rootRef).dictValue ?? PDFDict()
        guard let formRef = catalog["AcroForm"]?.refValue, var form = try upd.current(formRef).dictValue, form["DR"] == nil else { return }
        var helv = PDFDict()
        helv["Type"] = .name("Font")
        helv["Subtype"] = .name("Type1")
        helv["BaseFont"] = .name("Helvetica")
        helv["Encoding"] = .name("WinAnsiEncoding")
        form["DR"] = .dict(PDFDict(["Font": .dict(PDFDict(["Helv": .ref(upd.add(.dict(helv)))]))]))
        form["DA"] = .string(Array("/Helv 0 Tf 0 g".utf8))
        upd.set(formRef, .dict(form))
    }
}
