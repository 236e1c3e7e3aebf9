import Contracts
import Foundation
import Testing

/// Payloads go from event to tree and back without JSON text; the result must be what the wire
/// coding (JSONEncoder/JSONDecoder with the contracts' rules) gives, and bad payloads must still be
/// refused with the field named.
struct JSONValueCodingTests {
    @Test("Tree coding equals the wire coding for every event", arguments: ContractSamples.all.map { EventBox($0) })
    func treeCodingEqualsWireCoding(_ box: EventBox) throws {
        func check<E: Event>(_ event: E) throws {
            let viaText = try ContractCoding.decoder().decode(JSONValue.self, from: ContractCoding.encoder().encode(event))
            let viaTree = try JSONValue(encoding: event)
            #expect(viaTree == viaText)
            #expect(try viaTree.decode(as: E.self) == event)
            #expect(try ContractCoding.decoder().decode(E.self, from: ContractCoding.encoder().encode(viaTree)) == event)
        }
        try check(box.event)
    }

    struct Sample: Codable, Equatable {
        var when: Date
        var count: Int
        var bytes: Data
        var tags: [String]
        var note: String?
        var nested: [String: [Int]]
    }

    @Test func specialTypesFollowTheWireRules() throws {
        let sample = Sample(
            when: Date(timeIntervalSince1970: 1_790_000_000.125), count: 7, bytes: Data([0, 1, 2, 255]), tags: ["Mật", "x"],
            note: nil, nested: ["a": [1, 2]])
        let tree = try JSONValue(encoding: sample)
        guard case .object(let members) = tree else { Issue.record("not an object"); return }
        #expect(members["when"] == .string("2026-09-21T14:13:20.125Z"))
        #expect(members["bytes"] == .string("AAEC/w=="))
        #expect(members["note"] == nil, "nil is left out, as JSONEncoder does")
        #expect(try tree.decode(as: Sample.self) == sample)
    }

    @Test func badPayloadsNameTheField() throws {
        let wrongType = JSONValue.object([
            "when": .string("2026-09-21T14:13:20.125Z"), "count": .string("seven"), "bytes": .string(""), "tags": .array([]),
            "nested": .object([:]),
        ])
        #expect { try wrongType.decode(as: Sample.self) } throws: { "\($0)".contains("count") }
        let fraction = JSONValue.object([
            "when": .string("2026-09-21T14:13:20.125Z"), "count": .number(1.5), "bytes": .string(""), "tags": .array([]),
            "nested": .object([:]),
        ])
        #expect(throws: DecodingError.self) { try fraction.decode(as: Sample.self) }
        let badDate = JSONValue.object([
            "when": .string("21/09/2026"), "count": .number(1), "bytes": .string(""), "tags": .array([]), "nested": .object([:]),
        ])
        #expect { try badDate.decode(as: Sample.self) } throws: { "\($0)".contains("ISO 8601") }
        let missing = JSONValue.object(["count": .number(1)])
        #expect { try missing.decode(as: Sample.self) } throws: { "\($0)".contains("when") }
    }
}

/// The outbox writes envelopes with a writer of its own; its bytes must be JSONEncoder's.
struct EnvelopeWriterTests {
    @Test("Envelope bytes equal JSONEncoder's for every event", arguments: ContractSamples.all.map { EventBox($0) })
    func envelopeBytesEqualJSONEncoders(_ box: EventBox) throws {
        func check<E: Event>(_ event: E) throws {
            let envelope = try ContractSamples.envelope(event)
            #expect(try envelope.encoded() == ContractCoding.encoder().encode(envelope))
        }
        try check(box.event)
    }

    @Test func escapesNumbersAndKeyOrderMatchJSONEncoder() throws {
        let tricky = JSONValue.object([
            "s": .string("a\"b\\c/d\u{1}\u{1f}\u{8}\u{c}\n\r\t\u{7f}é\u{2028} Tuyệt mật"),
            "b": .number(1), "B": .number(2), "a10": .number(3), "a9": .number(4), "_x": .bool(true), "é": .null,
            "numbers": .array([.number(0.1), .number(1e-05), .number(1e21), .number(123_456_789.125), .number(-0.5), .number(-42)]),
            "nested": .object(["z": .array([]), "y": .object([:])]),
        ])
        for causation in [nil, UUID()] {
            let envelope = Envelope(
                type: "test.tricky", version: 3, occurredAt: Date(timeIntervalSince1970: 1_790_000_000.5), correlationId: UUID(),
                causationId: causation, agency: "000.00.00.H52", payload: tricky)
            #expect(try envelope.encoded() == ContractCoding.encoder().encode(envelope))
            #expect(try Envelope.decode(from: envelope.encoded()) == envelope)
        }
    }
}

/// Consumers parse envelopes with a parser of their own; it must read what JSONDecoder reads and refuse
/// what it refuses.
struct JSONParserTests {
    @Test("Every golden envelope parses as JSONDecoder reads it", arguments: ContractSamples.all.map { EventBox($0) })
    func goldenEnvelopesParseAsJSONDecoderReadsThem(_ box: EventBox) throws {
        let file = GoldenJSONTests.goldenDir.appendingPathComponent("\(box.type).v\(box.version).json")
        let data = try Data(contentsOf: file)
        #expect(try Envelope.decode(from: data) == ContractCoding.decoder().decode(Envelope.self, from: data))
    }

    @Test func valuesEscapesAndNumbersParse() throws {
        let text = #" { "a" : [1, -0.5, 2e3, 1E-2, true, false, null, {}], "s": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00é", "": {"n": 0} } "#
        let viaParser = try #require(try? Envelope.decodeValue(Data(text.utf8)))
        let viaDecoder = try ContractCoding.decoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(viaParser == viaDecoder)
    }

    @Test(arguments: [
        "", "{", "{\"a\" 1}", "[1 2]", "01", "1.", "-", "1e", ".5", "tru", "nul", "\"abc",
        "\"a\u{01}b\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "{} {}", "[1] x", "{\"a\":1}}", "NaN", "1e400",
    ])
    func malformedJSONIsRefused(_ text: String) {
        #expect(throws: (any Error).self) { try Envelope.decodeValue(Data(text.utf8)) }
        #expect(throws: (any Error).self) { try ContractCoding.decoder().decode(JSONValue.self, from: Data(text.utf8)) }
    }

    /// JSONDecoder lets a trailing comma pass; RFC 8259 does not, and neither does the parser.
    @Test(arguments: ["{\"a\":1,}", "[1,]"]) func trailingCommasAreRefused(_ text: String) {
        #expect(throws: (any Error).self) { try Envelope.decodeValue(Data(text.utf8)) }
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        #expect(throws: (any Error).self) { try Envelope.decodeValue(Data([0x22, 0xC3, 0x28, 0x22])) }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: (any Error).self) { try Envelope.decodeValue(Data(deep.utf8)) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try Envelope.decodeValue(Data(fine.utf8)) }
    }
}
