import Foundation
import Logging
import ServiceKit
import Synchronization
import Testing

struct JSONLogHandlerTests {
    /// Logs through a handler that captures its lines, and returns the single line parsed.
    func logOnce(_ body: (inout Logger) -> Void) throws -> (line: String, fields: [String: Any]) {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "qlvb.numbering.RegisterIncoming") { label in
            JSONLogHandler(label: label, service: "numbering", logLevel: .debug) { line in lines.withLock { $0.append(line) } }
        }
        body(&logger)
        let captured = lines.withLock { $0 }
        let line = try #require(captured.first)
        #expect(captured.count == 1)
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return (line, fields)
    }

    @Test func lineCarriesFixedFieldsAndFlattenedCorrelationIds() throws {
        let (line, fields) = try logOnce { logger in
            logger[metadataKey: "correlation_id"] = "5f0c…"
            logger.info(
                "đã cấp số đến 123", metadata: ["message_id": "m-1", "causation_id": "c-1", "db": ["table": "registers", "rows": "1"]])
        }

        #expect(line.hasPrefix(#"{"ts":""#))
        #expect(line.hasSuffix("}\n"))
        #expect(!line.dropLast().contains("\n"))
        #expect(fields["level"] as? String == "info")
        #expect(fields["service"] as? String == "numbering")
        #expect(fields["label"] as? String == "qlvb.numbering.RegisterIncoming")
        #expect(fields["msg"] as? String == "đã cấp số đến 123")
        #expect(fields["correlation_id"] as? String == "5f0c…")
        #expect(fields["causation_id"] as? String == "c-1")
        #expect(fields["message_id"] as? String == "m-1")
        #expect(fields["db.table"] as? String == "registers")
    }

    @Test func timestampIsISO8601UTCWithMilliseconds() throws {
        let (_, fields) = try logOnce { $0.notice("x") }
        let ts = try #require(fields["ts"] as? String)

        #expect(ts.count == 24)
        #expect(ts.hasSuffix("Z"))
        let parsed = try #require(try? Date(ts, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)))
        #expect(abs(parsed.timeIntervalSinceNow) < 5)
    }

    @Test func controlCharactersAndQuotesAreEscaped() throws {
        let (_, fields) = try logOnce { $0.warning("line1\n\"quoted\"\t\u{01}") }

        #expect(fields["msg"] as? String == "line1\n\"quoted\"\t\u{01}")
    }

    @Test func metadataThatClashesWithAFixedFieldIsKeptApart() throws {
        let (_, fields) = try logOnce { $0.error("boom", metadata: ["level": "custom", "tags": ["a", "b"]]) }

        #expect(fields["level"] as? String == "error")
        #expect(fields["metadata.level"] as? String == "custom")
        #expect(fields["tags"] as? [String] == ["a", "b"])
    }

    @Test func bootstrappingTwiceIsHarmless() {
        LoggingBootstrap.bootstrap(service: "numbering", level: .info, format: .json)
        #expect(LoggingBootstrap.bootstrap(service: "numbering", level: .debug, format: .text) == false)
    }
}
