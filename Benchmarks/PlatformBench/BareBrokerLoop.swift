import AMQP
import Foundation

/// (a): one publisher thread publishing with confirms (confirms read as they come, up to 1,000
/// in flight) and one consumer thread acking each message, both straight on rabbitmq-c.
struct BareBrokerLoop {
    let url: String
    let count: Int

    func run() async throws -> Double {
        let endpoint = try AMQPEndpoint(url: url)
        let queue = "bench.bare.\(UUID().uuidString.prefix(8))"
        let setup = try AMQPConnection(endpoint: endpoint)
        try setup.declareQueue(queue, arguments: ["x-queue-type": .string("quorum")])
        let body = [UInt8](repeating: 0x61, count: 1024)
        let count = self.count
        let start = Date()
        async let published: Void = onThread {
            let c = try AMQPConnection(endpoint: endpoint)
            defer { c.close() }
            try c.confirmSelect()
            var confirmed: UInt64 = 0
            var sent: UInt64 = 0
            while confirmed < UInt64(count) {
                while sent < UInt64(count) && sent - confirmed < 1000 {
                    try c.publish(OutboundMessage(exchange: "", routingKey: queue, body: body))
                    sent += 1
                }
                var timeout: Duration = .milliseconds(50)
                while let f = try c.waitFrame(timeout: timeout) {
                    if case .ack(let tag, _) = f { confirmed = max(confirmed, tag) }
                    timeout = .zero
                }
            }
        }
        async let consumed: Void = onThread {
            let c = try AMQPConnection(endpoint: endpoint)
            defer { c.close() }
            try c.qos(prefetch: 100)
            try c.consume(queue: queue, consumerTag: "bench")
            var n = 0
            while n < count {
                if let d = try c.nextDelivery(timeout: .seconds(10), generation: 0) {
                    try c.ack(d.delivery.deliveryTag)
                    n += 1
                }
            }
        }
        try await published
        try await consumed
        let rate = Double(count) / Date().timeIntervalSince(start)
        try setup.deleteQueue(queue)
        setup.close()
        return rate
    }
}

/// Runs blocking C work on a thread of its own, off the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { c in
        Thread { c.resume(with: Result { try body() }) }.start()
    }
}
