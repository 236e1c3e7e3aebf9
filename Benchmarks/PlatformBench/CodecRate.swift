import Contracts
import Foundation

/// Decodes and re-encodes a 1 KiB envelope, as every handled message costs at least once.
struct CodecRate {
    let count: Int

    func run() -> Double {
        let sample = Envelope(
            type: "bench.codec", version: 1, correlationId: UUID(), agency: "000.00.00.H52",
            payload: .object(["text": .string(String(repeating: "x", count: 900))]))
        let bytes = try! sample.encoded()
        let start = Date()
        for _ in 0..<count {
            let e = try! Envelope.decode(from: bytes)
            _ = try! e.encoded()
        }
        return Double(count) / Date().timeIntervalSince(start)
    }
}
