// A consumer process for the crash tests: the messaging tests start it, kill it at a chosen
// point, and start it again. Not part of the product.
//
//   qlvb-testworker consume SCHEMA QUEUE ROUTING_KEY [--crash-after-commit]
//   qlvb-testworker emit SCHEMA ROUTING_KEY     (commits an event to the outbox, then dies before relaying)
import AMQP
import Contracts
import Foundation
import Logging
import Messaging
import ServiceLifecycle
import Storage

let env = ProcessInfo.processInfo.environment
let amqpURL = env["QLVB_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:55672/qlvb_test"
let pgURL = env["QLVB_TEST_PG_URL"] ?? "postgresql://qlvb:qlvb@127.0.0.1:55432/qlvb_test"
let args = CommandLine.arguments
var logger = Logger(label: "testworker")
logger.logLevel = .warning

/// Unbuffered, so the test sees the line even when the process dies right after.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// Dies the moment the handler's transaction has committed, before the router can ack.
struct CrashAfterCommit: MessageMiddleware {
    func handle(_ context: MessageContext, next: MessageHandlerFunc) async throws -> [Envelope] {
        let result = try await next(context)
        say("committed; crashing before the ack")
        _exit(9)
        return result
    }
}

let database = PGClient(url: pgURL, maxConnections: 4, logger: logger)
let endpoint = try AMQPEndpoint(url: amqpURL)
let publisher = AMQPPublisher(endpoint: endpoint, name: "testworker", logger: logger)

switch args.dropFirst().first {
case "consume":
    let (schema, queue, key) = (args[2], args[3], args[4])
    let outbox = Outbox(schema: schema)
    let router = MessageRouter(
        service: "testworker", endpoint: endpoint, publisher: publisher, retryDelays: [.seconds(1)], prefetch: 10,
        concurrency: 4, logger: logger)
    router.useDeliveryPolicy(
        database: database, outbox: outbox, batchSize: 1, outermost: args.contains("--crash-after-commit") ? [CrashAfterCommit()] : [])
    router.addRaw(name: "testworker.Count", queue: queue, bindings: [key]) { context in
        let tx = try context.requireTransaction()
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).effects (message_id, handled) VALUES (\(context.envelope.id), 1)
            ON CONFLICT (message_id) DO UPDATE SET handled = effects.handled + 1
            """)
        return []
    }
    let group = ServiceGroup(configuration: .init(
        services: [.init(service: database), .init(service: router)], gracefulShutdownSignals: [.sigterm], logger: logger))
    say("consuming \(queue)")
    try await group.run()
case "emit":
    let (schema, key) = (args[2], args[3])
    let outbox = Outbox(schema: schema)
    let envelope = Envelope(
        type: key, version: 1, correlationId: UUID(), agency: "000.00.00.H52", payload: .object(["n": .number(1)]))
    try await database.withTransaction { tx in
        _ = try await tx.query("INSERT INTO \(identifier: schema).effects (message_id, handled) VALUES (\(envelope.id), 1)")
        try await outbox.append([envelope], in: tx)
    }
    say(envelope.id.uuidString.lowercased())
    _exit(9)  // the crash: committed, never relayed
default:
    FileHandle.standardError.write(Data("usage: qlvb-testworker consume|emit …\n".utf8))
    exit(64)
}
