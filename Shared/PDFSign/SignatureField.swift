/// Finds or creates the merged signature field/widget and wires it into the AcroForm and the page (pdf-notes §3).
enum SignatureField {
    /// Sets /V (and /AP) of an existing empty field, or creates a new field. Returns the widget.
    static func attach(signature sigRef: PDFRef, to upd: inout IncrementalUpdate, options: SignatureOptions, signer: String) throws -> PDFRef {
        let doc = upd.base
        if let f = try doc.field(named: options.fieldName) {
            guard f.kind == .signature else { throw PDFSignError.field(options.fieldName, "is not a signature field") }
            guard !f.isSigned else {
                throw PDFSignError(
                    .fieldAlreadySigned, "Field '\(options.fieldName)' is already signed", vi: "Trường '\(options.fieldName)' đã được ký")
            }
            guard let wRef = f.widgets.first, var w = try doc.object(wRef).dictValue else {
                throw PDFSignError.field(options.fieldName, "has no widget")
            }
            let rect = PDFRect(try doc.resolve(w["Rect"])) ?? PDFRect(x: 0, y: 0, width: 0, height: 0)
            let ap = try appearance(options: options, signer: signer, rect: rect, into: &upd)
            w["AP"] = .dict(PDFDict(["N": .ref(ap)]))
            if wRef == f.ref {
                w["V"] = .ref(sigRef)
            } else {
                var fd = f.dict
                fd["V"] = .ref(sigRef)
                upd.set(f.ref, .dict(fd))
            }
            upd.set(wRef, .dict(w))
            try updateAcroForm(&upd, newField: nil)
            return wRef
        }
        let placement = options.placement ?? .invisible
        let page = try doc.page(placement.page)
        let ap = try appearance(options: options, signer: signer, rect: placement.rect, into: &upd)
        var w = PDFDict()
        w["Type"] = .name("Annot")
        w["Subtype"] = .name("Widget")
        w["FT"] = .name("Sig")
        w["T"] = .string(PDFText.encode(options.fieldName))
        w["F"] = .int(132)
        w["P"] = .ref(page.ref)
        w["Rect"] = placement.rect.pdfArray
        w["AP"] = .dict(PDFDict(["N": .ref(ap)]))
        w["V"] = .ref(sigRef)
        let wRef = upd.add(.dict(w))
        try addAnnotation(wRef, to: page.ref, parsed: page.dict, in: &upd)
        try updateAcroForm(&upd, newField: wRef)
        return wRef
    }

    /// The /AP /N form: the requested appearance, or an empty form of the widget's size.
    static func appearance(options: SignatureOptions, signer: String, rect: PDFRect, into upd: inout IncrementalUpdate) throws -> PDFRef {
        if let a = options.appearance, rect.width > 0, rect.height > 0 {
            return try a.formXObject(size: rect, signer: signer, options: options, into: &upd)
        }
        return upd.add(FormXObject.empty(width: rect.width, height: rect.height))
    }

    /// Appends `annot` to the page's /Annots (rewriting the array object when indirect, else the page).
    /// `parsed`: the page's dictionary as already read from the base document, if the caller has it.
    static func addAnnotation(_ annot: PDFRef, to pageRef: PDFRef, parsed: PDFDict? = nil, in upd: inout IncrementalUpdate) throws {
        let base = upd.contains(pageRef) ? nil : parsed
        guard var page = try base ?? upd.current(pageRef).dictValue else { throw PDFSignError.damaged("page \(pageRef) is not a dictionary") }
        if case .ref(let arrRef)? = page["Annots"] {
            let arr = try upd.current(arrRef).arrayValue ?? []
            upd.set(arrRef, .array(arr + [.ref(annot)]))
        } else {
            page["Annots"] = .array((page["Annots"]?.arrayValue ?? []) + [.ref(annot)])
            upd.set(pageRef, .dict(page))
        }
    }

    /// Adds a field to /Fields, sets /SigFlags 3 and drops /NeedAppearances; rewrites only what changes.
    static func updateAcroForm(_ upd: inout IncrementalUpdate, newField: PDFRef?, sigFlags: Bool = true) throws {
        let doc = upd.base
        let rootRef = doc.rootRef
        var catalog = try upd.current(rootRef).dictValue ?? doc.catalog
        var formRef: PDFRef? = nil
        var form = PDFDict()
        switch catalog["AcroForm"] {
        case .ref(let r)?:
            formRef = r
            form = try upd.current(r).dictValue ?? PDFDict()
        case .dict(let d)?: form = d
        default: break
        }
        var changed = false
        if let newField {
            if case .ref(let fr)? = form["Fields"] {
                upd.set(fr, .array((try upd.current(fr).arrayValue ?? []) + [.ref(newField)]))
            } else {
                form["Fields"] = .array((form["Fields"]?.arrayValue ?? []) + [.ref(newField)])
                changed = true
            }
        }
        if sigFlags && form["SigFlags"]?.intValue != 3 {
            form["SigFlags"] = .int(3)
            changed = true
        }
        if form["NeedAppearances"] != nil {
            form["NeedAppearances"] = nil
            changed = true
        }
        if form["Fields"] == nil {
            form["Fields"] = .array([])
            changed = true
        }
        guard changed else { return }
        if let formRef {
            upd.set(formRef, .dict(form))
        } else {
            catalog["AcroForm"] = .ref(upd.add(.dict(form)))
            upd.set(rootRef, .dict(catalog))
        }
    }

    /// Catalog /Perms /DocMDP for a certification signature.
    static func addDocMDP(_ sigRef: PDFRef, to upd: inout IncrementalUpdate) throws {
        let rootRef = upd.base.rootRef
        var catalog = try upd.current(rootRef).dictValue ?? upd.base.catalog
        var perms = (try upd.base.resolve(catalog["Perms"])).dictValue ?? PDFDict()
        perms["DocMDP"] = .ref(sigRef)
        catalog["Perms"] = .dict(perms)
        upd.set(rootRef, .dict(catalog))
    }
}
