import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// Delivers many distinct packets at once, for the incoming-path benchmark (Benchmarks/incoming-bench) and
/// the fault suite: `concurrency` senders, each on a keep-alive connection of its own.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Deliver N distinct packets with K concurrent senders.")

    @Option(help: "Intake URLs, comma-separated: senders are spread over the copies.")
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
    @OptionGroup var login: AxisLogin

    func run() async throws {
        let run = runId ?? Int(Date().timeIntervalSince1970) % 100_000
        let packets = try (first..<(first + count)).map {
            ByteBuffer(data: try SamplePacket.make(
                from: from, to: to, number: String(format: "%d%06d", run % 100_000, $0), attachmentBytes: attachmentBytes))
        }
        let login = login.headers
        let targets = try url.split(separator: ",").map { try Target(String($0)) }
        let cursor = Cursor()
        let (retryFor, concurrency) = (self.retryFor, max(1, min(self.concurrency, packets.count)))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let start = Date()
        let accepted = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for sender in 0..<concurrency {
                tasks.addTask {
                    var accepted = 0
                    var attempt = 0
                    var packet: Int? = nil
                    var deadline = Date()
                    // A sender keeps one connection; when it breaks (a copy killed), it reconnects, to the next copy.
                    func take() -> Bool {
                        let i = cursor.next()
                        guard i < packets.count else { return false }
                        (packet, deadline) = (i, Date().addingTimeInterval(retryFor))
                        return true
                    }
                    guard take() else { return 0 }
                    while true {
                        let target = targets[(sender + attempt) % targets.count]
                        do {
                            try await LoadConnection.with(host: target.host, port: target.port, group: group) { connection in
                                while true {
                                    if packet == nil, !take() { return }
                                    let status = try await connection.post(
                                        path: target.path, body: packets[packet!], contentType: "application/xml", headers: login)
                                    if status < 500 || Date() > deadline {
                                        if status == 202 { accepted += 1 }
                                        packet = nil
                                    } else {
                                        attempt += 1
                                        try await Task.sleep(for: .milliseconds(min(2000, 100 * attempt)))
                                    }
                                }
                            }
                            return accepted
                        } catch {
                            // No answer: the packet is sent again (intake answers a repeat as before, never registers it twice).
                            if Date() > deadline { throw error }
                            attempt += 1
                            try await Task.sleep(for: .milliseconds(min(2000, 100 * attempt)))
                        }
                    }
                }
            }
            return try await tasks.reduce(0, +)
        }
        try await group.shutdownGracefully()
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "accepted %d of %d in %.2f s: %.0f deliveries/s", accepted, count, seconds, Double(accepted) / seconds))
    }

    /// Hands each packet to one sender.
    final class Cursor: Sendable {
        private let position = Atomic<Int>(0)
        func next() -> Int { position.add(1, ordering: .relaxed).oldValue }
    }

    /// One intake URL: host, port and path.
    struct Target: Sendable {
        var host: String
        var port: Int
        var path: String

        init(_ text: String) throws {
            guard let components = URLComponents(string: text), let host = components.host else {
                throw ValidationError("not a URL: \(text)")
            }
            (self.host, port, path) = (host, components.port ?? 80, components.path.isEmpty ? "/" : components.path)
        }
    }
}
