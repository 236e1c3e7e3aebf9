import AMQP
import Foundation

extension Topology {
    /// Every queue of the topology: each consumer queue, its dead-letter queue and its retry queues.
    public var allQueueNames: [String] { queues.flatMap { Self.queueArguments($0).map(\.0) } }
}

/// The topology as RabbitMQ definitions: the JSON that `rabbitmqctl import_definitions` and the
/// management API (`POST /api/definitions/<vhost>`) accept, exported to `infra/rabbitmq/`.
///
/// Built from the code's ``Topology`` values, never written by hand, so the file and what the
/// services declare cannot drift apart. Entries are sorted, so the output is deterministic.
public struct BrokerDefinitions: Codable, Hashable, Sendable {
    /// An argument value; the topology uses strings and integers only.
    public enum Argument: Codable, Hashable, Sendable, CustomStringConvertible {
        case string(String)
        case int(Int64)
        case bool(Bool)

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                self = .string(s)
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else {
                self = .int(try c.decode(Int64.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): try c.encode(s)
            case .int(let i): try c.encode(i)
            case .bool(let b): try c.encode(b)
            }
        }

        public var description: String {
            switch self {
            case .string(let s): "\"\(s)\""
            case .int(let i): "\(i)"
            case .bool(let b): "\(b)"
            }
        }

        init(_ value: AMQPValue) {
            switch value {
            case .string(let s): self = .string(s)
            case .int(let i): self = .int(i)
            case .bool(let b): self = .bool(b)
            default: preconditionFailure("queue argument \(value) has no place in the definitions export")
            }
        }
    }

    public struct Exchange: Codable, Hashable, Sendable {
        public var name: String
        public var vhost = "/"
        public var type: String
        public var durable = true
        public var autoDelete = false
        public var `internal` = false
        public var arguments: [String: Argument] = [:]

        enum CodingKeys: String, CodingKey {
            case name, vhost, type, durable, autoDelete = "auto_delete", `internal`, arguments
        }
    }

    public struct Queue: Codable, Hashable, Sendable {
        public var name: String
        public var vhost = "/"
        public var durable = true
        public var autoDelete = false
        public var arguments: [String: Argument]

        enum CodingKeys: String, CodingKey {
            case name, vhost, durable, autoDelete = "auto_delete", arguments
        }
    }

    public struct Binding: Codable, Hashable, Sendable {
        public var source: String
        public var vhost = "/"
        public var destination: String
        public var destinationType = "queue"
        public var routingKey: String
        public var arguments: [String: Argument] = [:]

        enum CodingKeys: String, CodingKey {
            case source, vhost, destination, destinationType = "destination_type", routingKey = "routing_key", arguments
        }
    }

    public var exchanges: [Exchange]
    public var queues: [Queue]
    public var bindings: [Binding]

    /// The definitions of one or more services' topologies (vhost `/`).
    public init(_ topologies: [Topology]) {
        var queues: [Queue] = []
        var bindings: [Binding] = []
        for q in topologies.flatMap(\.queues) {
            for (name, arguments) in Topology.queueArguments(q) {
                queues.append(Queue(name: name, arguments: arguments.mapValues(Argument.init)))
            }
            for key in q.bindings {
                bindings.append(Binding(source: Topology.eventsExchange, destination: q.name, routingKey: key))
            }
        }
        self.init(exchanges: [Exchange(name: Topology.eventsExchange, type: "topic")], queues: queues, bindings: bindings)
    }

    public init(exchanges: [Exchange], queues: [Queue], bindings: [Binding]) {
        self.exchanges = Array(Set(exchanges)).sorted { $0.name < $1.name }
        self.queues = Array(Set(queues)).sorted { $0.name < $1.name }
        self.bindings = Array(Set(bindings)).sorted {
            ($0.source, $0.destination, $0.routingKey) < ($1.source, $1.destination, $1.routingKey)
        }
    }

    /// Both sets of definitions together (what several services declare on one broker).
    public func merged(with other: BrokerDefinitions) -> BrokerDefinitions {
        BrokerDefinitions(exchanges: exchanges + other.exchanges, queues: queues + other.queues, bindings: bindings + other.bindings)
    }

    /// Pretty JSON with sorted keys and a final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    public static func decode(_ data: Data) throws -> BrokerDefinitions {
        let d = try JSONDecoder().decode(BrokerDefinitions.self, from: data)
        return BrokerDefinitions(exchanges: d.exchanges, queues: d.queues, bindings: d.bindings)
    }

    /// What differs from `expected`, one line per exchange, queue or binding; empty when equal.
    /// `-` is in `expected` only, `+` in `self` only, `~` in both but different.
    public func differences(from expected: BrokerDefinitions) -> [String] {
        func arguments(_ mine: [String: Argument], _ theirs: [String: Argument]) -> String {
            Set(mine.keys).union(theirs.keys).sorted().compactMap { k in
                mine[k] == theirs[k] ? nil : "\(k) \(mine[k]?.description ?? "absent") instead of \(theirs[k]?.description ?? "absent")"
            }.joined(separator: ", ")
        }
        func compare<T: Hashable>(
            _ kind: String, _ mine: [T], _ theirs: [T], key: (T) -> String, detail: (T, T) -> String
        ) -> [String] {
            let a = Dictionary(mine.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
            let b = Dictionary(theirs.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
            var out: [String] = []
            for k in Set(a.keys).union(b.keys).sorted() {
                switch (a[k], b[k]) {
                case (nil, _?): out.append("- \(kind) \(k)")
                case (_?, nil): out.append("+ \(kind) \(k)")
                case (let x?, let y?) where x != y: out.append("~ \(kind) \(k): \(detail(x, y))")
                default: break
                }
            }
            return out
        }
        return compare("exchange", exchanges, expected.exchanges, key: \.name) { "\($0) instead of \($1)" }
            + compare("queue", queues, expected.queues, key: \.name) { x, y in
                x.durable != y.durable ? "durable \(x.durable) instead of \(y.durable)" : arguments(x.arguments, y.arguments)
            }
            + compare("binding", bindings, expected.bindings, key: { "\($0.source) -> \($0.destination) on \($0.routingKey)" }) {
                "arguments \(arguments($0.arguments, $1.arguments))"
            }
    }
}
