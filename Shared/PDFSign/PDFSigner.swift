import OpenSSLSupport

/// Signs PDFs with PAdES baseline B-B (or B-T with a timestamp authority) as an incremental update.
public enum PDFSigner {
    /// Signs `document` (which must end at the end of its buffer) into an existing empty signature field or a new field.
    public static func sign(_ document: PDFDocument, key: any SignatureKey, options: SignatureOptions) async throws -> UpdatedPDF {
        var reserve = max(4096, options.reservedBytes)
        while true {
            var prepared = try prepareUpdate(document, key: key, options: options, reserve: reserve)
            let digest = prepared.digest()
            var (cms, sigValue) = try PAdESCMS.build(digest: digest, key: key)
            if let tsa = options.timestampAuthority {
                let token = try await RFC3161.timestamp(sigValue, tsa: tsa)
                cms = try PAdESCMS.addTimestamp(cmsDER: cms, token: token)
            }
            if cms.count <= reserve {
                prepared.fill(with: cms)
                return prepared.result
            }
            reserve = cms.count + 4096
        }
    }

    /// Signs the file at `input` and writes the result to `output` (may be the same path).
    public static func signFile(input: String, output: String, key: any SignatureKey, options: SignatureOptions) async throws {
        let doc = try PDFDocument(path: input)
        try await sign(doc, key: key, options: options).write(to: output)
    }

    /// The serialised update with placeholders, and where they are.
    struct Prepared {
        let document: PDFDocument
        var update: [UInt8]
        /// Offsets in `update` of the ByteRange token and of `<` of /Contents.
        let byteRangeAt: Int
        let contentsAt: Int
        let hexLength: Int

        var a: Int { document.end + contentsAt }
        var b: Int { a + hexLength + 2 }

        func digest() -> [UInt8] {
            let d = StreamingDigest()
            d.update(document.bytes, 0..<document.end)
            d.update(update, 0..<contentsAt)
            d.update(update, (contentsAt + hexLength + 2)..<update.count)
            return d.finish()
        }

        /// Writes the CMS as hex into the /Contents placeholder, in place (the rest of the placeholder stays `0`).
        mutating func fill(with cms: [UInt8]) {
            precondition(cms.count * 2 <= hexLength)
            let digits: StaticString = "0123456789ABCDEF"
            let start = contentsAt + 1
            update.withUnsafeMutableBufferPointer { out in
                digits.withUTF8Buffer { d in
                    for (i, c) in cms.enumerated() {
                        out[start + 2 * i] = d[Int(c >> 4)]
                        out[start + 2 * i + 1] = d[Int(c & 15)]
                    }
                }
            }
        }

        /// The new revision (shares the original buffer and the update).
        var result: UpdatedPDF { UpdatedPDF(original: document.bytes, originalLength: document.end, appended: update) }
    }

    static func prepareUpdate(_ doc: PDFDocument, key: any SignatureKey, options: SignatureOptions, reserve: Int) throws -> Prepared {
        guard doc.end == doc.bytes.count else { throw PDFSignError.unsupported("signing an older revision of a file") }
        var upd = IncrementalUpdate(base: doc)
        let sigRef = upd.reserve()
        _ = try SignatureField.attach(
            signature: sigRef, to: &upd, options: options, signer: options.signerName ?? key.certificate.commonName)

        let hexLength = reserve * 2
        let byteRangeToken = "[0 0000000000 0000000000 0000000000]"
        let head = "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange "
        var body = Array(head.utf8)
        let byteRangeRel = body.count
        body += Array(byteRangeToken.utf8)
        body += Array("\n/Contents ".utf8)
        let contentsRel = body.count
        body.append(0x3C)
        let placeholder = IncrementalUpdate.Placeholder(at: body.count, count: hexLength)
        body.append(0x3E)
        var tail = PDFDict()
        tail["M"] = .string(Array(PDFDate.pdf(options.signingTime, offset: options.timeZoneOffset).utf8))
        tail["Name"] = .string(PDFText.encode(options.signerName ?? key.certificate.commonName))
        if let r = options.reason { tail["Reason"] = .string(PDFText.encode(r)) }
        if let l = options.location { tail["Location"] = .string(PDFText.encode(l)) }
        if options.certify {
            var params = PDFDict()
            params["Type"] = .name("TransformParams")
            params["P"] = .int(2)
            params["V"] = .name("1.2")
            var ref = PDFDict()
            ref["Type"] = .name("SigRef")
            ref["TransformMethod"] = .name("DocMDP")
            ref["TransformParams"] = .dict(params)
            tail["Reference"] = .array([.dict(ref)])
        }
        for e in tail.entries {
            body.append(0x0A)
            PDFSerializer.writeName(e.key, to: &body)
            body.append(0x20)
            PDFSerializer.write(e.value, to: &body)
        }
        body += Array(">>".utf8)
        upd.setRaw(sigRef, body, placeholder: placeholder)
        if options.certify { try SignatureField.addDocMDP(sigRef, to: &upd) }

        let (bytes, offsets) = upd.serialize()
        guard let objStart = offsets[sigRef] else { throw PDFSignError.damaged("signature object was not written") }
        let bodyStart = objStart + "\(sigRef.number) \(sigRef.generation) obj\n".utf8.count
        var p = Prepared(
            document: doc, update: bytes, byteRangeAt: bodyStart + byteRangeRel, contentsAt: bodyStart + contentsRel,
            hexLength: hexLength)
        let total = doc.end + bytes.count
        let range = "[0 \(p.a) \(p.b) \(total - p.b)]"
        let padded = Array(range.utf8) + [UInt8](repeating: 0x20, count: byteRangeToken.utf8.count - range.utf8.count)
        p.update.replaceSubrange(p.byteRangeAt..<(p.byteRangeAt + padded.count), with: padded)
        return p
    }
}
