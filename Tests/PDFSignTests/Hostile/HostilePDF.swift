import ZlibSupport

@testable import PDFSign

/// Builds small hostile PDFs in code, object by object, ending with a classic xref table or an xref stream.
struct HostilePDF {
    private(set) var bytes: [UInt8] = Array("%PDF-1.7\n%\u{E2}\u{E3}\n".utf8)
    private(set) var offsets: [Int: Int] = [:]

    mutating func add(_ n: Int, _ body: String) { add(n, Array(body.utf8)) }

    mutating func add(_ n: Int, _ body: [UInt8]) {
        offsets[n] = bytes.count
        bytes += Array("\(n) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
    }

    mutating func stream(_ n: Int, _ dict: String, _ data: [UInt8]) {
        add(n, Array("<< \(dict) >>\nstream\n".utf8) + data + Array("\nendstream".utf8))
    }

    /// Appends a classic table of every object added (offsets in 20-byte rows) and its trailer; returns the table's offset.
    @discardableResult
    mutating func table(trailer: String) -> Int {
        let at = bytes.count
        let size = (offsets.keys.max() ?? 0) + 1
        var text = "xref\n0 \(size)\n"
        for n in 0..<size {
            if let o = offsets[n] { text += Self.pad(o, 10) + " 00000 n \n" } else { text += "0000000000 65535 f \n" }
        }
        bytes += Array((text + "trailer\n<< /Size \(size) \(trailer) >>\n").utf8)
        return at
    }

    /// Appends an unfiltered xref stream (object `n`) listing the objects added and those in object streams.
    mutating func xrefStream(_ n: Int, inStreams: [Int: (stream: Int, index: Int)], trailer: String) -> [UInt8] {
        let at = bytes.count
        let size = max(n, offsets.keys.max() ?? 0, inStreams.keys.max() ?? 0) + 1
        var rows: [UInt8] = []
        for i in 0..<size {
            if i == n {
                rows += [1] + Self.be(at, 4) + [0, 0]
            } else if let o = offsets[i] {
                rows += [1] + Self.be(o, 4) + [0, 0]
            } else if let (s, k) = inStreams[i] {
                rows += [2] + Self.be(s, 4) + Self.be(k, 2)
            } else {
                rows += [0, 0, 0, 0, 0, 0xFF, 0xFF]
            }
        }
        stream(n, "/Type /XRef /Size \(size) /W [1 4 2] \(trailer) /Length \(rows.count)", rows)
        return finish(startXRef: at)
    }

    /// The file with a classic table, `startxref` and `%%EOF`.
    mutating func closed(trailer: String) -> [UInt8] {
        let at = table(trailer: trailer)
        return finish(startXRef: at)
    }

    /// `startxref` and `%%EOF`.
    func finish(startXRef: Int) -> [UInt8] { bytes + Array("startxref\n\(startXRef)\n%%EOF\n".utf8) }

    /// An object stream's data: the offset table, then the objects.
    static func objectStream(_ objects: [(Int, String)]) -> (header: String, first: Int, body: [UInt8]) {
        var table = "", body = ""
        for (n, text) in objects {
            table += "\(n) \(body.utf8.count) "
            body += text + "\n"
        }
        return (table, table.utf8.count, Array((table + body).utf8))
    }

    static func pad(_ v: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(v).count)) + String(v) }
    static func be(_ v: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * (width - 1 - $0))) } }
}

/// A zlib stream of `prefix` followed by `zeroMiB` MiB of zeros, built without compressing the zeros more than once:
/// after a full flush deflate keeps no history, so every MiB of zeros compresses to the same ~1 KB piece.
/// 1536 MiB (the 1.5 GiB of the issue) fit in about 1.6 MB.
enum DeflateBomb {
    static func zlib(prefix: [UInt8], zeroMiB: Int) throws -> [UInt8] {
        let deflater = try ZlibStream(.deflate, format: .zlib)
        var head: [UInt8] = []
        _ = try prefix.withUnsafeBytes { try deflater.process($0, into: &head, maxOutput: 1 << 20, fullFlush: true) }
        var piece: [UInt8] = []
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        _ = try zeros.withUnsafeBytes { try deflater.process($0, into: &piece, maxOutput: 1 << 20, fullFlush: true) }
        var tail: [UInt8] = []
        while !deflater.ended { _ = try [UInt8]().withUnsafeBytes { try deflater.process($0, into: &tail, maxOutput: 1024, finish: true) } }
        // The deflater saw one MiB of zeros; the checksum must cover all of them.
        var out = head
        out.reserveCapacity(head.count + piece.count * zeroMiB + tail.count)
        for _ in 0..<zeroMiB { out += piece }
        out += tail.dropLast(4) + be32(adler32(prefix, zeros: zeroMiB << 20))
        return out
    }

    static func adler32(_ data: [UInt8], zeros: Int) -> UInt32 {
        var a: UInt64 = 1, b: UInt64 = 0
        for byte in data {
            a = (a + UInt64(byte)) % 65521
            b = (b + a) % 65521
        }
        b = (b + a * UInt64(zeros % 65521)) % 65521  // a zero byte leaves a as it is and adds a to b
        return UInt32(b << 16 | a)
    }

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}
