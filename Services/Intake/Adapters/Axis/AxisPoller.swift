import AxisHTTP
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Polls an axis that does not push (`QLVB_INTAKE_POLL_URL`).
///
/// Feed: `GET <url>?after=<cursor>` answers `{"packets": [{"cursor": "…", "packet": "<base64 edXML>"}]}`, oldest first.
/// Each packet goes through the same processor as an HTTP delivery; the cursor is saved in `intake.poll_cursor` after
/// it. A crash between the two replays that one packet, which the dedupe keys answer without registering it again:
/// a restart neither loses nor repeats a packet. Runs in the service group: a graceful shutdown lets the packet
/// in hand finish and stops before the next poll.
struct AxisPoller: Service {
    let feed: URL
    /// Sent as the `systemid` and `secret` headers, as the axis SDK identifies a system.
    var credentials: (system: String, secret: String)? = nil
    let interval: Duration
    let processor: DeliveryProcessor
    let logger: Logger
    /// The process's one axis HTTP client.
    var http: AxisHTTP = .shared

    struct Page: Decodable {
        struct Item: Decodable {
            var cursor: String
            var packet: String
        }
        var packets: [Item]
    }

    var feedKey: String { feed.absoluteString }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if try await pollOnce() == 0 { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("axis poll failed", metadata: ["error": "\(error)", "feed": "\(feedKey)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
        }
    }

    /// Fetches one page and processes it; returns how many packets it held.
    func pollOnce() async throws -> Int {
        let cursor = try await loadCursor()
        var components = URLComponents(url: feed, resolvingAgainstBaseURL: false)!
        components.queryItems = (components.queryItems ?? []) + (cursor.map { [URLQueryItem(name: "after", value: $0)] } ?? [])
        let headers = credentials.map { [(AxisCredentials.systemHeader, $0.system), (AxisCredentials.secretHeader, $0.secret)] } ?? []
        let answer = try await http.send(.GET, components.url!, headers: headers, timeout: .seconds(60))
        guard answer.status == 200 else { throw PollError(message: "feed answered \(answer.status)") }
        let page = try JSONDecoder().decode(Page.self, from: answer.body)
        for item in page.packets {
            let file = processor.blobs.scratchDirectory.appendingPathComponent("intake-poll-\(UUID().uuidString).xml")
            defer { try? FileManager.default.removeItem(at: file) }
            try (Data(base64Encoded: item.packet) ?? Data()).write(to: file)
            _ = try await processor.process(file: file, source: "poll:\(item.cursor)")
            try await saveCursor(item.cursor)
        }
        return page.packets.count
    }

    func loadCursor() async throws -> String? {
        let schema = processor.outbox.schema
        let rows = try await processor.database.query("SELECT cursor FROM \(identifier: schema).poll_cursor WHERE feed = \(feedKey)").rows
        return try rows.first?.decode(String.self, "cursor")
    }

    func saveCursor(_ cursor: String) async throws {
        let schema = processor.outbox.schema
        _ = try await processor.database.query("""
            INSERT INTO \(identifier: schema).poll_cursor (feed, cursor) VALUES (\(feedKey), \(cursor))
            ON CONFLICT (feed) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()
            """)
    }

    struct PollError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
