import Contracts
import Foundation

/// The JSON work every handled message costs: decode the envelope, decode its typed payload, wrap
/// the event again and encode it for the outbox. Measured on the `document.received` golden
/// message (a registered document's full metadata, Vietnamese text included).
struct CodecRate {
    let count: Int

    func run() throws -> Double {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Tests/ContractsTests/Golden/document.received.v1.json").standardized
        let bytes = try Data(contentsOf: golden)
        let start = Date()
        for _ in 0..<count {
            let envelope = try Envelope.decode(from: bytes)
            let event = try envelope.decode(DocumentReceived.self)
            _ = try Envelope(event, correlationId: envelope.correlationId, agency: envelope.agency).encoded()
        }
        return Double(count) / Date().timeIntervalSince(start)
    }
}
