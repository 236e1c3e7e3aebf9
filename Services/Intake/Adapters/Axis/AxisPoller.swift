import AxisHTTP
import Foundation
import Logging
import ServiceLifecycle

/// Receives from an axis that must be polled (`QLVB_INTAKE_POLL_URL`), with the government axis SDK's protocol
/// (docs/axis.md): for each configured system (`QLVB_INTAKE_POLL_CREDENTIALS`), documents then status packets,
/// `getReceivedEdocList`, `getEdoc` each, the packet through the same processor as a push, then `updateStatus`:
///
/// - `done` when intake accepted it (registered, or already registered: a duplicate);
/// - `fail` when intake refused it (not edXML, not for a hosted agency, a bad signature … — the sender also gets
///   a 02 status packet), or when the axis cannot give it (refuses `getEdoc`, or it is over the size limit);
/// - nothing when intake or the axis could not finish (database away, timeout): the document stays listed and is
///   taken again at the next poll.
///
/// Restart-safe: a crash between the processing and `updateStatus` leaves the document listed; fetched again, its
/// dedupe keys answer it as a duplicate without registering it twice, and it is acknowledged then. Runs in the
/// service group: a graceful shutdown lets the packet in hand finish and stops before the next poll.
struct AxisPoller: Service {
    let clients: [VXPClient]
    let interval: Duration
    let processor: DeliveryProcessor
    let logger: Logger

    /// - Parameter timeout: deadline of one axis call (a `getEdoc` of the largest packet included).
    init(
        endpoint: String, systems: [VXPSystem], interval: Duration, processor: DeliveryProcessor, logger: Logger, http: AxisHTTP = .shared,
        timeout: Duration = .seconds(120)
    ) {
        // A packet of the largest size intake takes, in base64 inside the answer.
        let maxPacket = Int(processor.settings.maxAttachmentBytes) * 2 + 16 * 1024 * 1024
        clients = systems.map {
            var client = VXPClient(endpoint: endpoint, system: $0, http: http)
            client.maxPacketBytes = maxPacket
            client.timeout = timeout
            return client
        }
        self.interval = interval
        self.processor = processor
        self.logger = logger
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var taken = 0
            for client in clients {
                do {
                    taken += try await pollOnce(client)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("axis poll failed", metadata: ["error": "\(error)", "system": "\(client.system.systemId)"])
                }
            }
            if taken == 0 { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } }
        }
    }

    /// One round for every system; returns how many documents were taken (acknowledged either way).
    func pollOnce() async throws -> Int {
        var taken = 0
        for client in clients { taken += try await pollOnce(client) }
        return taken
    }

    /// Lists what waits for one system, documents then status packets, and takes each.
    func pollOnce(_ client: VXPClient) async throws -> Int {
        var taken = 0
        for type in [VXPClient.MessageType.edoc, .status] {
            for item in try await client.getReceivedEdocList(type) where !item.docId.isEmpty {
                if Task.isShuttingDownGracefully { return taken }
                try await take(item, client)
                taken += 1
            }
        }
        return taken
    }

    /// Fetches one document, processes it and acknowledges it; throws (without acknowledging) when it should be
    /// taken again later.
    func take(_ item: VXPListItem, _ client: VXPClient) async throws {
        guard let packet = try await fetch(item, client) else { return }
        let file = processor.blobs.scratchDirectory.appendingPathComponent("intake-axis-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: file) }
        try packet.write(to: file)
        let answer = try await processor.process(file: file, source: "axis:\(client.system.systemId):\(item.docId)")
        let status = answer.httpStatus == 202 ? "done" : "fail"
        try await client.updateStatus(docId: item.docId, status: status)
        logger.info("axis document taken", metadata: [
            "docId": "\(item.docId)", "system": "\(client.system.systemId)", "from": "\(item.from)", "status": "\(status)",
            "duplicate": "\(answer.duplicate)",
        ])
    }

    /// The packet; nil when the axis cannot give it for good (acknowledged `fail`); throws when it may later.
    func fetch(_ item: VXPListItem, _ client: VXPClient) async throws -> Data? {
        let failure: VXPError
        do { return try await client.getEdoc(docId: item.docId) } catch { failure = error }
        if failure.isTransient { throw failure }
        logger.notice("the axis cannot give a listed document", metadata: [
            "docId": "\(item.docId)", "system": "\(client.system.systemId)", "error": "\(failure)",
        ])
        try await client.updateStatus(docId: item.docId, status: "fail")
        return nil
    }
}
