import Contracts
import Foundation
import Testing

/// Each event type has a golden JSON file; a contract change shows up as a diff in review.
/// Set QLVB_UPDATE_GOLDEN=1 to rewrite the files after an intended change.
struct GoldenJSONTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test("Every event type has a sample") func everyEventHasASample() {
        let sampled = Set(ContractSamples.all.map { type(of: $0).type })
        let known = Set(EventCatalog.all.map { $0.type })
        #expect(sampled == known)
    }

    @Test("Event encodes exactly as its golden file", arguments: ContractSamples.all.map { EventBox($0) })
    func eventMatchesGolden(_ box: EventBox) throws {
        let json = try box.encodedEnvelope()
        let file = Self.goldenDir.appendingPathComponent("\(box.type).v\(box.version).json")
        if ProcessInfo.processInfo.environment["QLVB_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenDir, withIntermediateDirectories: true)
            try (json + "\n").write(to: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(golden.trimmingCharacters(in: .whitespacesAndNewlines) == json, "contract \(box.type) changed")
    }

    @Test("Golden file decodes back to the same event", arguments: ContractSamples.all.map { EventBox($0) })
    func goldenDecodesBack(_ box: EventBox) throws {
        let file = Self.goldenDir.appendingPathComponent("\(box.type).v\(box.version).json")
        let envelope = try Envelope.decode(from: Data(contentsOf: file))
        #expect(try box.matches(envelope))
    }
}

/// Type-erased event so Swift Testing can name each argument.
struct EventBox: Sendable, CustomTestStringConvertible {
    let event: any Event
    init(_ event: any Event) { self.event = event }
    var type: String { Swift.type(of: event).type }
    var version: Int { Swift.type(of: event).version }
    var testDescription: String { "\(type) v\(version)" }

    /// The wire coding, pretty-printed so a contract change reads as a small diff.
    func encodedEnvelope() throws -> String {
        let encoder = ContractCoding.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        return String(decoding: try encoder.encode(ContractSamples.envelope(event)), as: UTF8.self)
    }

    func matches(_ envelope: Envelope) throws -> Bool {
        func check<E: Event>(_ e: E) throws -> Bool { try envelope.decode(E.self) == e }
        return try check(event)
    }
}
