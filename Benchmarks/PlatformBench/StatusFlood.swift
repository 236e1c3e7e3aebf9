import AMQP
import Contracts
import Foundation
import Messaging

/// `qlvb-bench --publish-status N`: N `status.outbound` events on the events exchange, published with confirms, for
/// dispatch alone to send to the axis (Benchmarks/soak-bench's dispatch rounds: memory per status packet sent).
struct StatusFlood {
    let url: String
    let count: Int

    func run() async throws -> Double {
        let endpoint = try AMQPEndpoint(url: url)
        let count = self.count
        let start = Date()
        try await onThread {
            let c = try AMQPConnection(endpoint: endpoint)
            defer { c.close() }
            try c.confirmSelect()
            var confirmed: UInt64 = 0
            var sent: UInt64 = 0
            while confirmed < UInt64(count) {
                while sent < UInt64(count) && sent - confirmed < 500 {
                    try c.publish(OutboundMessage(event: try Self.envelope(Int(sent))))
                    sent += 1
                }
                var timeout: Duration = .milliseconds(50)
                while let f = try c.waitFrame(timeout: timeout) {
                    if case .ack(let tag, _) = f { confirmed = max(confirmed, tag) }
                    timeout = .zero
                }
            }
        }
        return Double(count) / Date().timeIntervalSince(start)
    }

    static func envelope(_ n: Int) throws -> Envelope {
        let event = StatusOutbound(
            edxmlDocumentId: "000.00.00.G22,2026/12/06,\(UUID().uuidString.prefix(8))", documentCode: "\(n)/QĐ-BNV",
            promulgationDate: Date(), to: Organization(code: "000.00.00.G22", name: "Bộ Nội vụ"),
            from: Organization(code: "000.00.00.H52", name: "UBND tỉnh Sơn La"), status: .arrived,
            description: "Văn bản đã đến", staff: "Văn thư", at: Date())
        return try Envelope(event, agency: "000.00.00.H52")
    }
}
