/// What changed after a signature, classified like pyHanko's default diff policy (pdf-notes §6).
public enum ModificationLevel: Int, Sendable, Comparable, CustomStringConvertible {
    /// Nothing but xref data (or /Info) changed.
    case none = 0
    /// Later signatures: new signature dictionaries, signature fields filled or added, their appearances.
    case signing = 1
    /// Form filling: /V and /AP of existing text (or other non-signature) fields.
    case formFilling = 2
    /// Anything else (new annotations, page content, new non-signature fields...): the signature is invalid.
    case other = 3

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { ["none", "signing", "formFilling", "other"][rawValue] }
}

/// Diffs the signed revision against the final one.
struct ModificationAnalyzer {
    let prior: PDFDocument
    let final: PDFDocument

    /// The highest level among the changed objects (and a short reason for `other`).
    func analyze() -> (ModificationLevel, String?) {
        let changed = Set(final.sections.filter { $0.offset >= prior.end }.flatMap { $0.entries.keys })
        var level = ModificationLevel.none
        var pending: [Int] = []
        var apRoots: [(PDFObject, ModificationLevel)] = []
        for n in changed.sorted() where final.exists(n) {
            let ref = PDFRef(n, final.generation(of: n))
            guard let new = try? final.object(ref) else { return (.other, "object \(n) does not parse") }
            if new.dictValue?["Type"]?.nameValue == "XRef" || new.dictValue?["Type"]?.nameValue == "ObjStm" { continue }
            let old: PDFObject? = prior.exists(n) ? (try? prior.object(PDFRef(n, prior.generation(of: n)))) : nil
            if let old, old.sameContent(as: new) { continue }
            if let (l, roots) = classify(n, old: old, new: new) {
                level = max(level, l)
                apRoots += roots.map { ($0, l == .none ? .signing : l) }
            } else if old == nil {
                pending.append(n)
            } else {
                let keys = diffKeys(old?.dictValue, new.dictValue).sorted().joined(separator: " ")
                return (.other, "object \(n) was changed" + (keys.isEmpty ? "" : " (\(keys))"))
            }
        }
        // New objects must be reachable from an allowed appearance or signature value.
        var reached: [Int: ModificationLevel] = [:]
        var queue = apRoots
        while let (obj, l) = queue.popLast() {
            for r in refs(in: obj) where changed.contains(r.number) && reached[r.number] == nil {
                reached[r.number] = l
                if let o = try? final.object(r) { queue.append((o, l)) }
            }
        }
        for n in pending {
            guard let l = reached[n] else { return (.other, "new object \(n) is not explained") }
            level = max(level, l)
        }
        return (level, nil)
    }

    /// nil: not explained. Otherwise the level and the objects whose references are allowed to be new.
    private func classify(_ n: Int, old: PDFObject?, new: PDFObject) -> (ModificationLevel, [PDFObject])? {
        if n == final.trailer["Info"]?.refValue?.number { return (.none, []) }
        guard let nd = new.dictValue else {
            if let oa = old?.arrayValue, let na = new.arrayValue { return growsWithSignatureFields(oa, na) ? (.signing, []) : nil }
            return nil
        }
        let type = nd["Type"]?.nameValue
        if old == nil && (type == "Sig" || type == "DocTimeStamp") { return (.signing, [new]) }
        let od = old?.dictValue
        let diff = diffKeys(od, nd)
        if type != "Page" && type != "Pages" && (nd["FT"] != nil || nd["Subtype"]?.nameValue == "Widget" || nd["T"] != nil) {
            let ft = fieldType(nd)
            if ft == "Sig" {
                let roots = [nd["AP"], nd["V"]].compactMap { $0 }
                if let od {
                    let hadValue = od["V"] != nil && od["V"] != .null
                    return diff.isSubset(of: ["V", "AP", "AS", "F"]) && !(hadValue && diff.contains("V")) ? (.signing, roots) : nil
                }
                return nd["Subtype"]?.nameValue == "Widget" ? (.signing, roots) : nil
            }
            guard od != nil, diff.isSubset(of: ["V", "AP", "AS", "MK", "DA"]) else { return nil }
            return (.formFilling, [nd["AP"], nd["V"]].compactMap { $0 })
        }
        guard let od else { return nil }
        if n == final.rootRef.number {
            guard diff.isSubset(of: ["AcroForm", "Version", "DSS", "Extensions", "Perms"]) else { return nil }
            if diff.contains("Perms") && od["Perms"] != nil { return nil }
            if diff.contains("AcroForm"), let a = od["AcroForm"]?.dictValue, let b = nd["AcroForm"]?.dictValue {
                return acroFormChange(a, b) ? (.signing, []) : nil
            }
            return (.signing, [nd["DSS"]].compactMap { $0 })
        }
        if n == prior.catalog["AcroForm"]?.refValue?.number { return acroFormChange(od, nd) ? (.signing, []) : nil }
        if type == "Page" {
            guard diff.isSubset(of: ["Annots"]) else { return nil }
            let oa = (try? prior.resolve(od["Annots"]).arrayValue) ?? []
            let na = (try? final.resolve(nd["Annots"]).arrayValue) ?? []
            return growsWithSignatureFields(oa, na) ? (.signing, []) : nil
        }
        return nil
    }

    private func diffKeys(_ od: PDFDict?, _ nd: PDFDict?) -> Set<String> {
        Set((nd?.keys ?? []) + (od?.keys ?? [])).filter { k in
            guard let a = od?[k], let b = nd?[k] else { return true }
            return !a.sameContent(as: b)
        }
    }

    private func acroFormChange(_ a: PDFDict, _ b: PDFDict) -> Bool {
        let diff = Set(a.keys + b.keys).filter { k in !(a[k].map { x in b[k].map { x.sameContent(as: $0) } ?? false } ?? false) }
        guard diff.isSubset(of: ["Fields", "SigFlags", "NeedAppearances", "DR", "DA"]) else { return false }
        if diff.contains("Fields") {
            let oa = (try? prior.resolve(a["Fields"]).arrayValue) ?? []
            let na = (try? final.resolve(b["Fields"]).arrayValue) ?? []
            return growsWithSignatureFields(oa, na)
        }
        return true
    }

    /// `new` keeps every element of `old`, and each addition is a signature field.
    private func growsWithSignatureFields(_ old: [PDFObject], _ new: [PDFObject]) -> Bool {
        let oldRefs = Set(old.compactMap(\.refValue))
        guard oldRefs.isSubset(of: Set(new.compactMap(\.refValue))) else { return false }
        for r in new.compactMap(\.refValue) where !oldRefs.contains(r) {
            guard let d = try? final.object(r).dictValue, fieldType(d) == "Sig" else { return false }
        }
        return true
    }

    private func fieldType(_ d: PDFDict) -> String? {
        var cur = d
        for _ in 0..<32 {
            if let ft = cur["FT"]?.nameValue { return ft }
            guard let p = cur["Parent"]?.refValue, let pd = try? final.object(p).dictValue else { return nil }
            cur = pd
        }
        return nil
    }

    private func refs(in obj: PDFObject) -> [PDFRef] {
        switch obj {
        case .ref(let r): [r]
        case .array(let a): a.flatMap { refs(in: $0) }
        case .dict(let d): d.entries.flatMap { $0.key == "Parent" || $0.key == "P" ? [] : refs(in: $0.value) }
        case .stream(let s): s.dict.entries.flatMap { refs(in: $0.value) }
        default: []
        }
    }
}
