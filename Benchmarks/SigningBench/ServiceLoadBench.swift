import AMQP
import ArgumentParser
import Auth
import BlobStore
import Contracts
import Foundation
import Logging
import Messaging

/// `signing-bench-runner load`: end-to-end throughput of the running service copies. Stores `--in` in the blob
/// store (`QLVB_BLOB_ROOT`), publishes `--count` leader `signing.requested` on `QLVB_AMQP_URL`, and
/// waits for the matching `document.signed` on a probe queue of its own. Prints signatures per second.
struct ServiceLoadBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load", abstract: "Throughput of the running signing service copies.")
    @Option(name: .customLong("in")) var input: String
    @Option var count: Int = 200
    @Option var signer: String
    @Option(help: "Routing's token private key (PEM): signs the approval each request must carry, as routing does.")
    var approvalKey: String
    @Option var timeout: Double = 300
    @Flag(help: "Publish the requests and exit (the fault suite checks the signature log instead).") var noWait = false

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["QLVB_AMQP_URL"], let root = env["QLVB_BLOB_ROOT"] else {
            throw ValidationError("QLVB_AMQP_URL and QLVB_BLOB_ROOT must be set")
        }
        var logger = Logger(label: "signing.load")
        logger.logLevel = .warning
        let endpoint = try AMQPEndpoint(url: url, heartbeat: 30)
        let blobs = try FileBlobStore(root: URL(fileURLWithPath: root), logger: logger)
        let doc = try await blobs.put(contentsOf: URL(fileURLWithPath: input), mediaType: "application/pdf")

        let probe = "signing.load.\(UUID().uuidString.prefix(8))"
        let conn = try AMQPConnection(endpoint: endpoint)
        defer { try? conn.deleteQueue(probe); conn.close() }
        try conn.declareExchange(Topology.eventsExchange)
        _ = try conn.declareQueue(probe, durable: false)
        try conn.bindQueue(probe, exchange: Topology.eventsExchange, routingKey: DocumentSigned.type)
        try conn.bindQueue(probe, exchange: Topology.eventsExchange, routingKey: SigningFailed.type)
        try conn.qos(prefetch: 500)
        try conn.consume(queue: probe, consumerTag: "load")

        let publisher = AMQPPublisher(endpoint: endpoint, name: "signing-load", logger: logger)
        let approvals = try ApprovalKey.Signer(privateKeyPEM: String(contentsOfFile: approvalKey, encoding: .utf8))
        let requests = try (0..<count).map { _ in
            let requestId = UUID(), documentId = UUID()
            var approval = SigningApproval(
                requestId: requestId, draftId: documentId, version: 1, agency: "bench", kind: .leader, signer: signer, signerRoles: ["head"],
                documentSha256: doc.sha256, appendixSha256: [], reason: nil, approvedAt: Date())
            approval.signature = try approvals.sign(approval.signedText)
            return SigningRequested(
                requestId: requestId, documentId: documentId, kind: .leader, signer: signer, document: doc, appendices: [], reason: nil,
                approval: approval)
        }
        var pending = Set(requests.map(\.requestId))
        let start = ContinuousClock.now
        try await publisher.publish(requests.map { try OutboundMessage(event: try Envelope($0, agency: "bench")) })
        if noWait {
            await publisher.close(grace: .seconds(5))
            print("published \(count) signing.requested")
            return
        }
        var failed = 0
        while !pending.isEmpty, ContinuousClock.now - start < .seconds(timeout) {
            guard let raw = try conn.nextDelivery(timeout: .seconds(1), generation: 0) else { continue }
            try conn.ack(raw.delivery.deliveryTag)
            guard let envelope = try? Envelope.decode(from: Data(raw.delivery.body)) else { continue }
            if let e = try? envelope.decode(DocumentSigned.self), pending.remove(e.requestId) != nil { continue }
            if let e = try? envelope.decode(SigningFailed.self), pending.remove(e.requestId) != nil {
                failed += 1
                if failed == 1 { print("first failure: \(e.code): \(e.reason)") }
            }
        }
        let d = ContinuousClock.now - start
        let secs = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        await publisher.close(grace: .seconds(5))
        let done = count - pending.count
        print(String(format: "load requests=%d signed=%d failed=%d seconds=%.3f sig_per_s=%.2f", count, done - failed, failed, secs, Double(done - failed) / secs))
        if !pending.isEmpty || failed > 0 { throw ExitCode(1) }
    }
}
