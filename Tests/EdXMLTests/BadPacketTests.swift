import EdXML
import Foundation
import Testing

/// A corpus of broken or hostile packets, each refused with its own error.
struct BadPacketTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var data: Data
        var expected: EdXMLError
        var limits = EdXMLLimits.default
        var testDescription: String { name }
    }

    /// A valid packet with one attachment, as text to mutate.
    static let valid: String = {
        var packet = PacketGenerator.packet(seed: 42)
        packet.header.code = EdXMLCode(codeNumber: "1234", codeNotation: "UBND-KT")
        packet.header.promulgationInfo.promulgationDate = EdXMLDate(year: 2026, month: 3, day: 16)!
        packet.header.otherInfo = EdXMLOtherInfo(priority: 1)
        packet.header.to = [EdXMLOrganization(organId: "000.00.00.G22", organName: "Văn phòng Chính phủ")]
        packet.attachments = [EdXMLAttachment(info: EdXMLAttachmentInfo(contentId: "1", attachmentName: "a.pdf"), content: Data("%PDF-1.7 x".utf8))]
        packet.references = [EdXMLReference(contentId: "1", attachmentName: "a.pdf")]
        return String(decoding: try! EdXMLWriter().data(for: packet), as: UTF8.self)
    }()

    static func mutated(_ transform: (String) -> String) -> Data { Data(transform(valid).utf8) }

    static func removing(_ element: String) -> Data {
        mutated { text in
            let pattern = "<edXML:\(element)>[\\s\\S]*?</edXML:\(element)>"
            return text.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
    }

    static func replacing(_ old: String, _ new: String) -> Data {
        mutated { $0.replacingOccurrences(of: old, with: new) }
    }

    static let envelope = "<edXML xmlns=\"\(EdXMLNamespace.edXML)\">"
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE edXML [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
        \(envelope)<edXML:edXMLEnvelope xmlns:edXML="\(EdXMLNamespace.edXML)">&lol4;</edXML:edXMLEnvelope></edXML>
        """
    static let xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        \(envelope)<edXML:edXMLEnvelope xmlns:edXML="\(EdXMLNamespace.edXML)"><edXML:edXMLHeader>&xxe;</edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>
        """
    static let deep = envelope + String(repeating: "<edXML:X xmlns:edXML=\"\(EdXMLNamespace.edXML)\">", count: 10_000)
        + String(repeating: "</edXML:X>", count: 10_000) + "</edXML>"
    static let duplicateAttachment: Data = mutated { text in
        let start = text.range(of: "    <Attachment>")!.lowerBound
        let end = text.range(of: "</Attachment>\n")!.upperBound
        return text.replacingCharacters(in: end..<end, with: String(text[start..<end]))
    }

    static let cases: [Case] = [
        Case(name: "truncated XML", data: Data(valid.utf8.prefix(valid.utf8.count / 2)), expected: .malformed(line: 0, detail: "")),
        Case(name: "not XML at all", data: Data("%PDF-1.7 not a packet".utf8), expected: .malformed(line: 0, detail: "")),
        Case(name: "wrong namespace", data: replacing(EdXMLNamespace.edXML, "http://example.com/edxml"),
             expected: .wrongNamespace(element: "edXML", namespace: "http://example.com/edxml")),
        Case(name: "no namespace", data: replacing(" xmlns=\"\(EdXMLNamespace.edXML)\"", ""), expected: .wrongNamespace(element: "edXML", namespace: "")),
        Case(name: "another root element", data: Data("<html xmlns=\"\(EdXMLNamespace.edXML)\"/>".utf8), expected: .notEdXML(root: "html")),
        Case(name: "missing Code", data: removing("Code"), expected: .missingField("Code")),
        Case(name: "missing CodeNumber", data: removing("CodeNumber"), expected: .missingField("Code/CodeNumber")),
        Case(name: "missing From", data: removing("From"), expected: .missingField("From")),
        Case(name: "missing To", data: removing("To"), expected: .missingField("To")),
        Case(name: "missing Subject", data: removing("Subject"), expected: .missingField("Subject")),
        Case(name: "bad date", data: replacing("2026/03/16</edXML:PromulgationDate>", "2026/02/30</edXML:PromulgationDate>"),
             expected: .badDate(field: "PromulgationInfo/PromulgationDate", value: "2026/02/30")),
        Case(name: "bad organisation code", data: replacing("<edXML:OrganId>000.00.00.H52<", "<edXML:OrganId>000.00.00.h52<"),
             expected: .badOrganizationCode("000.00.00.h52")),
        Case(name: "bad base64", data: mutated { $0.replacingOccurrences(of: Data("%PDF-1.7 x".utf8).base64EncodedString(), with: "JVBERi0x*zcgeA==") },
             expected: .badBase64(contentId: "1")),
        Case(name: "DOCTYPE with billion laughs", data: Data(billionLaughs.utf8), expected: .doctypeForbidden),
        Case(name: "XXE to /etc/passwd", data: Data(xxe.utf8), expected: .doctypeForbidden),
        Case(name: "10,000-deep nesting", data: Data(deep.utf8), expected: .tooDeep(limit: 64)),
        Case(name: "duplicate attachment ContentId", data: duplicateAttachment, expected: .duplicateContentId("1")),
        Case(name: "attachment missing from the manifest", data: replacing("<ContentId>cid:1</ContentId>", "<ContentId>cid:2</ContentId>"),
             expected: .attachmentWithoutManifest("2")),
        Case(name: "empty file", data: Data(), expected: .empty),
        Case(name: "only whitespace", data: Data(" \n\t ".utf8), expected: .empty),
        Case(name: "empty edXML element", data: Data("\(envelope)</edXML>".utf8), expected: .missingField("edXMLEnvelope")),
        Case(name: "oversize", data: Data(valid.utf8), expected: .tooLarge(limit: 1000), limits: EdXMLLimits(maxPacketBytes: 1000)),
        Case(name: "CodeNumber too long", data: replacing(">1234</edXML:CodeNumber>", ">123456789012</edXML:CodeNumber>"),
             expected: .fieldTooLong(field: "Code/CodeNumber", max: 11)),
        Case(name: "Subject too long", data: mutated { $0.replacingOccurrences(of: "<edXML:Subject>[^<]*<", with: "<edXML:Subject>\(String(repeating: "đ", count: 501))<", options: .regularExpression) },
             expected: .fieldTooLong(field: "Subject", max: 500)),
        Case(name: "priority out of range", data: replacing("<edXML:Priority>1<", "<edXML:Priority>7<"), expected: .badValue(field: "OtherInfo/Priority", value: "7")),
        Case(name: "the same recipient twice", data: mutated { text in
            let to = text.range(of: "<edXML:To>[\\s\\S]*?</edXML:To>", options: .regularExpression)!
            return text.replacingCharacters(in: to.upperBound..<to.upperBound, with: String(text[to]))
        }, expected: .duplicateRecipient("000.00.00.G22")),
        Case(name: "a Subject written twice", data: mutated { $0.replacingOccurrences(of: "<edXML:Subject>", with: "<edXML:Subject>x</edXML:Subject><edXML:Subject>") },
             expected: .duplicateElement("Subject")),
        Case(name: "unknown status code", data: replacing("<edXML:StatusCode>01<", "<edXML:StatusCode>07<"), expected: .unknownStatusCode("07")),
    ]

    @Test("Bad packets are refused with their own error", arguments: cases)
    func badPacketIsRefused(_ badCase: Case) async throws {
        var data = badCase.data
        if badCase.name == "unknown status code" {
            data = Data(String(decoding: try Fixtures.sample("status_inbox_01.edxml"), as: UTF8.self)
                .replacingOccurrences(of: "<edXML:StatusCode>01<", with: "<edXML:StatusCode>07<").utf8)
        }
        let error = try #require(throws: EdXMLError.self) { try EdXMLParser(limits: badCase.limits).parse(data) }
        if case .malformed = badCase.expected {
            #expect(error.code == "malformed", "\(error)")
        } else {
            #expect(error == badCase.expected)
        }
        #expect(!error.vietnamese.isEmpty && !error.english.isEmpty)
        // The streaming reader refuses it the same way.
        await #expect(throws: EdXMLError.self) {
            _ = try await EdXMLReader(limits: badCase.limits).read(data) { _, chunks in for try await _ in chunks {} }
        }
    }

    @Test func doctypeIsRefusedBeforeAnyEntityIsRead() throws {
        // /etc/passwd would surface in the text if the entity had been loaded.
        let error = try #require(throws: EdXMLError.self) { try EdXMLParser().parse(Data(Self.xxe.utf8)) }
        #expect(error == .doctypeForbidden)
        #expect(error.vietnamese == "Gói tin chứa khai báo DOCTYPE, không được phép")
    }

    @Test func byteOrderMarkAndBareContentIdsAreAccepted() throws {
        let text = "\u{FEFF}" + Self.valid.replacingOccurrences(of: "<ContentId>cid:1</ContentId>", with: "<ContentId>1</ContentId>")
        let packet = try EdXMLParser().parsePacket(Data(text.utf8))
        #expect(packet.attachments.first?.contentId == "1")
    }

    @Test func unprefixedElementsInTheRightNamespaceAreAccepted() throws {
        let text = Self.valid.replacingOccurrences(of: "edXML:", with: "").replacingOccurrences(of: " xmlns:edXML=", with: " xmlns=")
        let packet = try EdXMLParser().parsePacket(Data(text.utf8))
        #expect(packet.header.code.codeNumber == "1234")
    }
}
