import OpenSSLSupport

/// Verifies every signature of a PDF: byte range, digest, CMS signature, chain to the given roots, and what changed after.
public enum PDFVerifier {
    /// One report per signed signature field, in field order.
    public static func verify(_ document: PDFDocument, trustedRoots: [Certificate]) throws -> [SignatureReport] {
        var reports: [SignatureReport] = []
        for f in try document.fields() where f.kind == .signature && f.isSigned {
            reports.append(verify(field: f, in: document, roots: trustedRoots))
        }
        return reports
    }

    /// Reads and verifies a file.
    public static func verifyFile(_ path: String, trustedRoots: [Certificate]) throws -> [SignatureReport] {
        try verify(try PDFDocument(path: path), trustedRoots: trustedRoots)
    }

    static func verify(field f: PDFField, in doc: PDFDocument, roots: [Certificate]) -> SignatureReport {
        var r = SignatureReport(fieldName: f.name)
        guard let sig = try? doc.resolve(f.dict["V"]).dictValue else {
            r.problem = "the signature value is not a dictionary"
            return r
        }
        r.subFilter = sig["SubFilter"]?.nameValue
        r.claimedTime = sig["M"]?.textValue
        if let ref = sig["Reference"]?.arrayValue?.compactMap(\.dictValue).first(where: { $0["TransformMethod"]?.nameValue == "DocMDP" }) {
            r.docMDP = ref["TransformParams"]?.dictValue?["P"]?.intValue ?? 2
        }
        let br = (try? doc.resolve(sig["ByteRange"]).arrayValue?.compactMap(\.intValue)) ?? nil
        guard let br, br.count == 4, let contents = sig["Contents"]?.stringBytes else {
            r.problem = "no /ByteRange or /Contents"
            return r
        }
        r.byteRange = br
        let bytes = doc.bytes
        let (a, b, revEnd) = (br[1], br[2], br[2] + br[3])
        guard br[0] == 0, a > 0, b > a, br[3] >= 0, revEnd <= doc.end, bytes[a] == 0x3C, bytes[b - 1] == 0x3E,
            bytes[(a + 1)..<(b - 1)].allSatisfy({ PDFBytes.hexValue($0) != nil }), b - a - 2 == contents.count * 2
        else {
            r.problem = "the byte range does not exclude exactly /Contents"
            return r
        }
        guard let prior = try? PDFDocument(bytes: bytes, end: revEnd, limits: doc.limits), prior.startXRef >= 0,
            endsWithEOF(bytes, revEnd)
        else {
            r.problem = "the byte range does not end at the end of a revision"
            return r
        }
        r.byteRangeValid = true
        r.coversWholeFile = revEnd == doc.end
        let d = StreamingDigest()
        d.update(bytes, 0..<a)
        d.update(bytes, b..<revEnd)
        let digest = d.finish()
        let check = CMSVerifier.check(cmsDER: trimDER(contents), digest: digest, roots: roots)
        r.signer = check.signer
        r.digestValid = check.digestMatches
        r.signatureValid = check.signatureValid
        r.certificateTrusted = check.chainTrusted
        r.certificateError = check.chainError
        r.hasSigningTimeAttribute = check.hasSigningTime
        r.hasSigningCertificateV2 = check.hasSigningCertificateV2
        r.timestamp = check.timestamp
        if let e = check.error { r.problem = e } else if !r.digestValid { r.problem = "the document was changed in the signed range" }
        if !r.coversWholeFile {
            let (level, why) = ModificationAnalyzer(prior: prior, final: doc).analyze()
            r.modifications = level
            if let p = r.docMDP, (p == 1 && level > .none) || (p == 2 && level > .formFilling) { r.modifications = .other }
            if level == .other, r.problem == nil { r.problem = why }
        }
        return r
    }

    /// `%%EOF` (then optional EOL) right before `end`.
    static func endsWithEOF(_ bytes: [UInt8], _ end: Int) -> Bool {
        var i = end
        while i > 0 && (bytes[i - 1] == 0x0A || bytes[i - 1] == 0x0D) { i -= 1 }
        return i >= 5 && bytes[(i - 5)..<i].elementsEqual("%%EOF".utf8)
    }

    /// The DER object at the start of `bytes` (drops the zero padding of /Contents).
    static func trimDER(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count > 2, bytes[0] == 0x30 else { return bytes }
        var len = Int(bytes[1])
        var head = 2
        if len & 0x80 != 0 {
            let n = len & 0x7F
            guard n <= 4, bytes.count > 2 + n else { return bytes }
            len = bytes[2..<(2 + n)].reduce(0) { $0 << 8 | Int($1) }
            head += n
        }
        return head + len <= bytes.count ? Array(bytes[0..<(head + len)]) : bytes
    }
}
