import ArgumentParser
import Foundation
import PDFSign

/// `signing bench`: signatures per second in-process (read, parse, hash, sign, and optionally write), one core.
/// Also per CPU-second (user + system), the unit of `openssl speed`, which counts user CPU time: on a busy
/// machine the wall-clock rate also measures how much of a core the loop was given.
struct Bench: SigningAction {
    static let configuration = CommandConfiguration(abstract: "Measure signatures per second (benchmark helper).", shouldDisplay: false)
    @Option var pkcs12: String
    @Option(name: .customLong("password-env")) var passwordEnv: String
    @Option(name: .customLong("in")) var input: String
    @Option(help: "Seconds to run") var seconds: Double = 3
    @Option(help: "Also write each signed file here (atomic write + fsync)") var write: String?
    @Option(help: "Parallel signing loops") var parallel: Int = 1
    @Flag(help: "Only the private-key operation over 120 bytes of signed attributes (no PDF)") var keyOnly = false

    func execute() async throws {
        guard let password = ProcessInfo.processInfo.environment[passwordEnv] else { throw ValidationError("\(passwordEnv) is not set") }
        let key = try PKCS12SignatureKey(path: pkcs12, password: password)
        let name = key.certificate.commonName  // once: each call decodes the certificate (OpenSSL 3 decoders are slow)
        let (input, write, seconds, keyOnly) = (self.input, self.write, self.seconds, self.keyOnly)
        let cpuBefore = Self.cpuSeconds()
        let start = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<parallel {
                group.addTask {
                    try await SigningExecutor.run {
                        var n = 0
                        while ContinuousClock.now - start < .seconds(seconds) || n == 0 {
                            if keyOnly {
                                _ = try key.sign(signedAttributes: [UInt8](repeating: UInt8(n & 0xFF), count: 120))
                                n += 1
                                continue
                            }
                            let doc = try PDFDocument(path: input)
                            let out = try await PDFSigner.sign(doc, key: key, options: SignatureOptions(fieldName: "Bench\(i)_\(n)", signerName: name))
                            if let write { try out.write(to: write + ".\(i)") }
                            n += 1
                        }
                        return n
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - start
        let cpu = Self.cpuSeconds() - cpuBefore
        let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let size = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        print(String(format: "bench file=%@ bytes=%d signatures=%d seconds=%.3f sig_per_s=%.2f mb_per_s=%.1f cpu_s=%.3f sig_per_cpu_s=%.2f",
            input, size, total, secs, Double(total) / secs, Double(total) * Double(size) / secs / 1e6, cpu, Double(total) / cpu))
    }

    /// User + system CPU time of the process so far.
    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &u)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(u.ru_utime) + s(u.ru_stime)
    }
}

/// `signing sample-pdf --size BYTES --out FILE`: a valid one-page PDF padded to about `size` bytes
/// with an unreferenced binary stream (benchmark and test input; classic xref table).
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
