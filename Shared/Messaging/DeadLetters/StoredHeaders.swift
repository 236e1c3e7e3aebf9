import AMQP
import Foundation

/// AMQP headers as JSON that keeps every type, so a replayed message carries exactly the headers
/// it was dead-lettered with.
enum StoredHeaders {
    static func encode(_ table: AMQPTable) -> String {
        let object = table.mapValues(json)
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ text: String) -> AMQPTable {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        return object.compactMapValues(value)
    }

    private static func json(_ v: AMQPValue) -> [String: Any] {
        switch v {
        case .string(let s): ["s": s]
        case .int(let i): ["i": String(i)]
        case .bool(let b): ["b": b]
        case .double(let d): ["d": d]
        case .timestamp(let t): ["t": String(t)]
        case .bytes(let b): ["x": Data(b).base64EncodedString()]
        case .array(let a): ["a": a.map(json)]
        case .table(let t): ["m": t.mapValues(json)]
        case .void: ["v": NSNull()]
        }
    }

    private static func value(_ any: Any) -> AMQPValue? {
        guard let o = any as? [String: Any], let (tag, v) = o.first else { return nil }
        switch tag {
        case "s": return (v as? String).map(AMQPValue.string)
        case "i": return (v as? String).flatMap(Int64.init).map(AMQPValue.int)
        case "b": return (v as? Bool).map(AMQPValue.bool)
        case "d": return (v as? Double).map(AMQPValue.double)
        case "t": return (v as? String).flatMap(UInt64.init).map(AMQPValue.timestamp)
        case "x": return (v as? String).flatMap { Data(base64Encoded: $0) }.map { .bytes(Array($0)) }
        case "a": return (v as? [Any]).map { .array($0.compactMap(value)) }
        case "m": return (v as? [String: Any]).map { .table($0.compactMapValues(value)) }
        default: return .void
        }
    }
}

extension Delivery {
    /// Where the message was consumed before it died: our header, else the broker's `x-death`
    /// (a message the broker dead-lettered itself after too many redeliveries).
    var deadLetterOrigin: String {
        if let q = headers[DeadLetterHeaders.originalQueue]?.stringValue { return q }
        if let q = headers["x-first-death-queue"]?.stringValue { return q }
        if case .array(let deaths)? = headers["x-death"], case .table(let first)? = deaths.first, let q = first["queue"]?.stringValue {
            return q
        }
        return queue.hasSuffix(".dlq") ? String(queue.dropLast(4)) : queue
    }

    /// Why it died, from our headers or the broker's reason.
    var deadLetterError: String {
        if let e = headers[DeadLetterHeaders.lastError]?.stringValue { return e }
        if let reason = headers["x-first-death-reason"]?.stringValue {
            return reason == "delivery_limit"
                ? "delivery limit reached: the consumer crashed or timed out on every delivery (broker dead-lettered it)"
                : "dead-lettered by the broker: \(reason)"
        }
        return "unknown: no error recorded"
    }
}
