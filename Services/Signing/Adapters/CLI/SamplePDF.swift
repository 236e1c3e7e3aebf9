import ArgumentParser
import Foundation

/// `signing sample-pdf --size BYTES --out FILE`: a valid one-page PDF padded to about `size` bytes
/// with an unreferenced binary stream (input of the benchmarks, the fault suite and the tests; classic xref table).
struct SamplePDF: SigningAction {
    static let configuration = CommandConfiguration(commandName: "sample-pdf", abstract: "Write a test PDF.", shouldDisplay: false)
    @Option var size: Int = 100_000
    @Option(help: "Pages") var pages: Int = 1
    @Option(name: .customLong("out")) var output: String

    func execute() async throws {
        try Data(Self.make(size: size, pages: pages)).write(to: URL(fileURLWithPath: output))
    }

    static func make(size: Int, pages: Int = 1) -> [UInt8] {
        var out = Array("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        func obj(_ body: [UInt8]) {
            offsets.append(out.count)
            out += Array("\(offsets.count) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        let kids = (0..<pages).map { "\(4 + 2 * $0) 0 R" }.joined(separator: " ")
        obj(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        obj(Array("<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>".utf8))
        obj(Array("<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>".utf8))
        for p in 0..<pages {
            obj(Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * p) 0 R >>".utf8))
            let text = "BT /F1 13 Tf 57 780 Td (UBND TINH SON LA - QUYET DINH - trang \(p + 1)) Tj ET"
            obj(Array("<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream".utf8))
        }
        let padding = max(0, size - out.count - 200 - 20 * (offsets.count + 2))
        if padding > 0 {
            var bytes = [UInt8](repeating: 0, count: padding)
            var x: UInt64 = 0x9E37_79B9_7F4A_7C15
            bytes.withUnsafeMutableBytes { raw in
                let words = raw.bindMemory(to: UInt64.self)
                for i in 0..<words.count {
                    x ^= x << 13; x ^= x >> 7; x ^= x << 17
                    words[i] = x
                }
            }
            obj(Array("<< /Length \(padding) >>\nstream\n".utf8) + bytes + Array("\nendstream".utf8))
        }
        let xref = out.count
        out += Array("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n".utf8)
        for o in offsets { out += Array((String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n").utf8) }
        out += Array("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }
}
