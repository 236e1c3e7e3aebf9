// libFuzzer entry point for the PDF reader (scripts/fuzz-pdf builds it with the reader's sources; it is not part of
// the PDFSignTests target). Every input must be read or refused with a PDFSignError: a crash, a hang past
// -timeout or memory past -rss_limit_mb is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDFReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let doc = try? PDFDocument(bytes: bytes) {
        _ = try? doc.pages()
        _ = try? doc.fields()
        for n in 0..<min(doc.size, 2000) { _ = try? doc.resolve(.ref(PDFRef(n, doc.generation(of: n)))) }
    }
    return 0
}
