import EdXML
import Foundation
import Testing

struct RoundTripTests {
    @Test("A built document packet parses back to the same value", arguments: 0..<200)
    func documentRoundTrip(seed: Int) throws {
        var generator = PacketGenerator(seed: UInt64(seed))
        let packet = generator.packet()

        let data = try EdXMLWriter().data(for: packet)
        let parsed = try EdXMLParser().parsePacket(data)

        #expect(parsed == packet, "seed \(seed)")
    }

    @Test("A built status packet parses back to the same value", arguments: 0..<50)
    func statusRoundTrip(seed: Int) throws {
        var generator = PacketGenerator(seed: UInt64(1000 + seed))
        let status = generator.status()

        let parsed = try EdXMLParser().parseStatus(EdXMLWriter().data(for: status))

        #expect(parsed == status, "seed \(seed)")
    }

    @Test func builtPacketUsesTheSDKLayout() throws {
        var generator = PacketGenerator(seed: 7)
        var packet = generator.packet()
        packet.attachments = [EdXMLAttachment(info: EdXMLAttachmentInfo(contentId: "1", attachmentName: "a.pdf", zipped: true), content: Data("%PDF-1.7".utf8))]
        packet.references = [EdXMLReference(contentId: "1", contentType: "application/zip", attachmentName: "a.pdf")]
        let xml = String(decoding: try EdXMLWriter().data(for: packet), as: UTF8.self)

        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">"))
        #expect(xml.contains("<edXML:edXMLEnvelope xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">"))
        #expect(xml.contains("<edXML:ContentId>cid:1</edXML:ContentId>"))
        #expect(xml.contains("  <AttachmentEncoded>\n    <Attachment>\n      <ContentId>cid:1</ContentId>"))
        #expect(xml.contains("<edXML:ContentTransferEncoded xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">UEsDB"))
        #expect(xml.contains("<edXML:PromulgationDate>\(packet.header.promulgationInfo.promulgationDate.description)</edXML:PromulgationDate>"))
    }

    @Test func zipWrittenLikeTheSDKIsReadableByUnzip() async throws {
        let content = Data((0..<100_000).map { UInt8($0 % 251) })
        var packet = PacketGenerator.packet(seed: 3)
        packet.attachments = [EdXMLAttachment(info: EdXMLAttachmentInfo(contentId: "9", attachmentName: "bao-cao.pdf", zipped: true), content: content)]
        packet.references = [EdXMLReference(contentId: "9")]
        let xml = String(decoding: try EdXMLWriter().data(for: packet), as: UTF8.self)
        let start = try #require(xml.range(of: "QCVN_102_2016\">UEsDB"))
        let base64 = xml[xml.index(start.upperBound, offsetBy: -5)...].prefix { $0 != "<" }
        let zip = try #require(Data(base64Encoded: String(base64)))

        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("a.zip")
            try zip.write(to: file)
            let listing = try run("/usr/bin/unzip", ["-Z1", file.path])
            #expect(listing.status == 0)
            #expect(listing.output.hasSuffix(".pdf\n"))
            let test = try run("/usr/bin/unzip", ["-t", file.path])
            #expect(test.status == 0, "\(test.output)")
        }
    }

    @Test("Dates are read in both orders and written as yyyy/MM/dd", arguments: ["2026/03/16", "16/03/2026", "2026-03-16", " 16/3/2026 "])
    func datesInBothOrders(text: String) throws {
        let date = try #require(EdXMLDate(parsing: text.trimmingCharacters(in: .whitespaces)))
        #expect(date.description == "2026/03/16")
    }

    @Test(arguments: ["2026/02/30", "2026/13/01", "32/01/2026", "2026/1", "hôm nay", "2026/03/16 10:00"])
    func impossibleDatesAreRefused(text: String) {
        #expect(EdXMLDate(parsing: text) == nil)
    }
}
