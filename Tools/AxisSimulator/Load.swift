import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Delivers many distinct packets at once, for the incoming-path benchmark (Benchmarks/incoming-bench).
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Deliver N distinct packets with K concurrent senders.")

    @Option(help: "Intake URLs, comma-separated: deliveries go round-robin to the copies.")
    var url = "http://127.0.0.1:8081/axis/deliveries"
    @Option var count = 1000
    @Option var concurrency = 16
    @Option var attachmentBytes = 1024
    @Option var from = "000.00.12.H52"
    @Option var to = "000.00.00.H52"

    func run() async throws {
        let run = Int(Date().timeIntervalSince1970) % 100_000
        let packets = try (0..<count).map {
            try SamplePacket.make(from: from, to: to, number: "\(run)\($0)", attachmentBytes: attachmentBytes)
        }
        let targets = url.split(separator: ",").map { URL(string: String($0))! }
        let start = Date()
        let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
            var next = 0, ok = 0
            func send(_ packet: Data, _ i: Int) async throws -> Int {
                var request = URLRequest(url: targets[i % targets.count])
                request.httpMethod = "POST"
                request.setValue("application/xml", forHTTPHeaderField: "Content-Type")
                let (_, response) = try await URLSession.shared.upload(for: request, from: packet)
                return (response as? HTTPURLResponse)?.statusCode == 202 ? 1 : 0
            }
            while next < min(concurrency, packets.count) {
                let p = packets[next]; next += 1
                let i = next
                group.addTask { try await send(p, i) }
            }
            while let r = try await group.next() {
                ok += r
                if next < packets.count {
                    let p = packets[next]; next += 1
                    let i = next
                    group.addTask { try await send(p, i) }
                }
            }
            return ok
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "accepted %d of %d in %.2f s: %.0f deliveries/s", accepted, count, seconds, Double(accepted) / seconds))
    }
}
