import Foundation
import Testing

@testable import PDFSign

struct ReaderTests {
    static let producers = ["cairo", "qpdf-objstm", "qpdf-linearized", "qpdf-linearized-objstm", "ghostscript", "libreoffice"]

    @Test("Reads the page tree of each producer's output", arguments: producers)
    func readsPages(_ producer: String) throws {
        let dir = Tools.tempDir("read")
        guard let path = try SamplePDFs.produce(producer, in: dir) else { return }
        let doc = try PDFDocument(path: path)
        let pages = try doc.pages()
        #expect(pages.count == (producer == "libreoffice" ? 1 : 2))
        #expect(abs(pages[0].mediaBox.width - 595.28) < 1 || producer == "libreoffice")
        #expect(doc.catalog["Type"]?.nameValue == "Catalog")
    }

    @Test("xref streams with object streams are read through their predictor")
    func readsObjectStreams() throws {
        let dir = Tools.tempDir("objstm")
        guard let path = try SamplePDFs.produce("qpdf-objstm", in: dir) else { return }
        let doc = try PDFDocument(path: path)
        #expect(doc.newestIsStream)
        #expect(doc.entries.values.contains { if case .inObjectStream = $0 { true } else { false } })
    }

    @Test("Classic xref entries read the same in the standard 20-byte form and in sloppy forms")
    func xrefEntryForms() throws {
        /// A two-page file whose xref rows are written by `row(offset, generation, kind)`.
        func file(_ row: (Int, Int, String) -> String, between: String = "") -> [UInt8] {
            var out = "%PDF-1.7\n"
            var offsets: [Int] = []
            for body in [
                "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595.28 841.89] >>",
                "<< /Type /Page /Parent 2 0 R >>", "<< /Type /Page /Parent 2 0 R /Rotate 90 >>",
            ] {
                offsets.append(out.utf8.count)
                out += "\(offsets.count) 0 obj\n\(body)\nendobj\n"
            }
            let xref = out.utf8.count
            out += "xref\n0 3\n" + row(0, 65535, "f") + between + row(offsets[0], 0, "n") + row(offsets[1], 0, "n")
            out += "3 2\n" + row(offsets[2], 0, "n") + row(offsets[3], 0, "n")
            out += "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
            return Array(out.utf8)
        }
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: w - String(v).count) + String(v) }
        let standard = try PDFDocument(bytes: file { "\(pad($0, 10)) \(pad($1, 5)) \($2) \n" })
        #expect(standard.entries[1] == .inFile(offset: 9, generation: 0) && standard.entries[0] == .free)
        #expect(try standard.pages().map(\.rotate) == [0, 90])
        let sloppy: [(String, [UInt8])] = [
            ("CR LF", file { "\(pad($0, 10)) \(pad($1, 5)) \($2)\r\n" }),
            ("one-byte line ends", file { "\(pad($0, 10)) \(pad($1, 5)) \($2)\n" }),
            ("unpadded numbers", file { "\($0) \($1) \($2)\n" }),
            ("a comment between rows", file({ "\(pad($0, 10)) \(pad($1, 5)) \($2) \n" }, between: "% rewritten\n")),
        ]
        for (name, bytes) in sloppy {
            let doc = try PDFDocument(bytes: bytes)
            #expect(doc.entries == standard.entries, "\(name)")
            #expect(try doc.pages().count == 2, "\(name)")
        }
        // A bad entry type is still refused, whichever path reads it.
        #expect(throws: PDFSignError.self) { try PDFDocument(bytes: file { "\(pad($0, 10)) \(pad($1, 5)) \($2 == "n" ? "x" : $2) \n" }) }
    }

    @Test("Encrypted files are refused")
    func refusesEncrypted() throws {
        guard let qpdf = Tools.qpdf else { print("SKIP encrypted input: qpdf not installed"); return }
        let dir = Tools.tempDir("enc")
        let base = try #require(try SamplePDFs.produce("cairo", in: dir))
        try Tools.run(qpdf, ["--encrypt", "user", "owner", "256", "--", base, dir + "/enc.pdf"])
        #expect(throws: PDFSignError.encrypted) { try PDFDocument(path: dir + "/enc.pdf") }
    }

    @Test("Truncated files are refused", arguments: [0.5, 0.99])
    func refusesTruncated(_ fraction: Double) throws {
        let dir = Tools.tempDir("trunc")
        let bytes = try Tools.read(try #require(try SamplePDFs.produce("cairo", in: dir)))
        let cut = Array(bytes[0..<Int(Double(bytes.count) * fraction)])
        #expect {
            try PDFDocument(bytes: cut)
        } throws: { ($0 as? PDFSignError)?.code == .truncated }
    }

    @Test("A wrong startxref offset is refused as damaged")
    func refusesDamaged() throws {
        let dir = Tools.tempDir("damaged")
        var bytes = try Tools.read(try #require(try SamplePDFs.produce("cairo", in: dir)))
        let i = try #require(PDFBytes.lastIndex(of: Array("startxref".utf8), in: bytes, lower: 0, upper: bytes.count))
        bytes[i + 10] = bytes[i + 10] == 0x31 ? 0x32 : 0x31  // first digit of the offset
        #expect {
            try PDFDocument(bytes: bytes)
        } throws: { ($0 as? PDFSignError)?.code == .damaged }
        #expect(throws: PDFSignError.self) { try PDFDocument(bytes: Array("%PDF-1.7\ngarbage\n%%EOF\n".utf8)) }
    }

    @Test("Hybrid-reference files are refused")
    func refusesHybrid() throws {
        let dir = Tools.tempDir("hybrid")
        let bytes = try Tools.read(try #require(try SamplePDFs.produce("cairo", in: dir)))
        let doc = try PDFDocument(bytes: bytes)
        let tail = "\nxref\n0 1\n0000000000 65535 f \ntrailer\n<</Size \(doc.size) /Root \(doc.rootRef) /Prev \(doc.startXRef) /XRefStm \(doc.startXRef)>>\nstartxref\n\(bytes.count + 1)\n%%EOF\n"
        #expect(throws: PDFSignError.hybrid) { try PDFDocument(bytes: bytes + Array(tail.utf8)) }
    }

    @Test("Lexer handles names, strings, reals and nested objects")
    func lexer() throws {
        let src = Array("<</A#20B (a\\(b\\)\\101\\\nc) /R -.5 /S 3. /H <41 4> /Arr [1 0 R 2 (x)] % c\n/N null>>".utf8)
        var p = PDFParser(bytes: src, end: src.count, pos: 0)
        let d = try #require(try p.parseObject().dictValue)
        #expect(d["A B"] == .string(Array("a(b)Ac".utf8)))
        #expect(d["R"] == .real(-0.5))
        #expect(d["S"] == .real(3))
        #expect(d["H"] == .string([0x41, 0x40]))
        #expect(d["Arr"] == .array([.ref(PDFRef(1)), .int(2), .string([0x78])]))
        #expect(d["N"] == .null)
    }
}

struct RobustnessTests {
    @Test("Randomly damaged files are refused or read, never crash", arguments: ["cairo", "qpdf-objstm", "qpdf-linearized-objstm"])
    func fuzz(_ producer: String) throws {
        let dir = Tools.tempDir("fuzz")
        guard let path = try SamplePDFs.produce(producer, in: dir) else { return }
        let original = try Tools.read(path)
        var rng = SystemRandomNumberGenerator()
        var refused = 0
        for round in 0..<150 {
            var bytes = original
            if round % 3 == 0 {
                bytes = Array(bytes[0..<Int.random(in: 1..<bytes.count, using: &rng)])
            } else {
                for _ in 0..<Int.random(in: 1...20, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            do {
                let doc = try PDFDocument(bytes: bytes)
                _ = try? doc.pages()
                _ = try? doc.fields()
                _ = try? PDFVerifier.verify(doc, trustedRoots: [])
            } catch {
                refused += 1  // typed throws: always a PDFSignError
            }
        }
        #expect(refused > 0)
    }
}
