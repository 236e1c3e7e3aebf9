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
    @Option(help: "Number the packets from here (for several loads that must not repeat a packet).") var first = 0
    @Option(help: "Part of every packet's number; defaults to the current time.") var runId: Int?
    @Option var concurrency = 16
    @Option var attachmentBytes = 1024
    @Option var from = "000.00.12.H52"
    @Option var to = "000.00.00.H52"
    @Option(help: "Keep re-sending a packet that got no answer or a 5xx for this long, as the axis does (0: no retry).")
    var retryFor = 0.0

    func run() async throws {
        let run = runId ?? Int(Date().timeIntervalSince1970) % 100_000
        let packets = try (first..<(first + count)).map {
            try SamplePacket.make(from: from, to: to, number: String(format: "%d%06d", run % 100_000, $0), attachmentBytes: attachmentBytes)
        }
        let targets = url.split(separator: ",").map { URL(string: String($0))! }
        // URLSession.shared keeps at most 6 connections per host: the senders would queue behind them.
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = concurrency
        let session = URLSession(configuration: configuration)
        let start = Date()
        let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
            var next = 0, ok = 0
            let retryFor = self.retryFor
            func send(_ packet: Data, _ i: Int) async throws -> Int {
                // The same packet again after a lost answer: intake must answer it as before, never register it twice.
                let deadline = Date().addingTimeInterval(retryFor)
                var attempt = 0
                while true {
                    var request = URLRequest(url: targets[(i + attempt) % targets.count])
                    request.httpMethod = "POST"
                    request.setValue("application/xml", forHTTPHeaderField: "Content-Type")
                    request.timeoutInterval = 30
                    attempt += 1
                    do {
                        let (_, response) = try await session.upload(for: request, from: packet)
                        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                        if status < 500 || Date() > deadline { return status == 202 ? 1 : 0 }
                    } catch {
                        if Date() > deadline { throw error }
                    }
                    try await Task.sleep(for: .milliseconds(min(2000, 100 * attempt)))
                }
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
