import ArgumentParser
import Foundation
import PDFSign

/// `signing-bench-runner bench`: signatures per second in-process (read, parse, hash, sign, and optionally write), one core.
/// Also per CPU-second (user + system), the unit of `openssl speed`, which counts user CPU time: on a busy
/// machine the wall-clock rate also measures how much of a core the loop was given.
struct InProcessBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Measure signatures per second in-process.")
    @Option var pkcs12: String
    @Option(name: .customLong("password-env")) var passwordEnv: String
    @Option(name: .customLong("in")) var input: String
    @Option(help: "Seconds to run") var seconds: Double = 3
    @Option(help: "Also write each signed file here (atomic write + fsync)") var write: String?
    @Option(help: "Parallel signing loops") var parallel: Int = 1
    @Flag(help: "Only the private-key operation over 120 bytes of signed attributes (no PDF)") var keyOnly = false

    func run() async throws {
        guard let password = ProcessInfo.processInfo.environment[passwordEnv] else { throw ValidationError("\(passwordEnv) is not set") }
        let key = try PKCS12SignatureKey(path: pkcs12, password: password)
        let name = key.certificate.commonName  // once: each call decodes the certificate (OpenSSL 3 decoders are slow)
        let (input, write, seconds, keyOnly) = (self.input, self.write, self.seconds, self.keyOnly)
        let cpuBefore = Self.cpuSeconds()
        let start = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<parallel {
                // Detached loops on the cooperative pool: this process runs nothing else, so nothing is starved.
                group.addTask {
                    try await Task.detached {
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
                    }.value
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
