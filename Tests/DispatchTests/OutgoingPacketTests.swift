import Contracts
import EdXML
import Foundation
import TestSupport
import Testing

@testable import DispatchService
@testable import IntakeService

/// The packet dispatch builds for one recipient: every header field from `document.issued`, the attachments as the
/// government SDK zips them, an XML signature with the agency's key that xmlsec1 verifies, and intake's own
/// validation accepts it like the SDK's samples.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/xmlsec1")))
struct OutgoingPacketTests {
    func build(_ h: DispatchHarness, zipped: Bool) async throws -> (DocumentIssued, Data) {
        let doc = try await h.issued(to: [DispatchHarness.stc, DispatchHarness.outside], number: 7)
        var packet = OutgoingPacketBuilder.packet(doc, for: DispatchHarness.stc, at: Date(), zipped: zipped, staff: "Lò Thị Bình")
        let infos = OutgoingPacketBuilder.attachments(doc, zipped: zipped)
        packet.attachments = [
            EdXMLAttachment(info: infos[0], content: try await h.blobs.read(doc.sealed)),
            EdXMLAttachment(info: infos[1], content: try await h.blobs.read(doc.appendices[0].blob)),
        ]
        return (doc, try h.keys.sign(try EdXMLWriter().data(for: packet), agency: DispatchHarness.ubnd.code))
    }

    @Test func everyHeaderFieldAndTheSignatureVerifiedByXmlsec1() async throws {
        let key = try TestAgencyKey(agency: DispatchHarness.ubnd.code)
        defer { key.remove() }
        let h = try await DispatchHarness(keyDirectory: key.directory, keyPassword: key.password)
        let (doc, signed) = try await build(h, zipped: true)

        let file = key.directory.appendingPathComponent("packet.edxml")
        try signed.write(to: file)
        let verified = try runTool("/usr/bin/xmlsec1", ["--verify", "--trusted-pem", key.certificatePath, file.path])
        #expect(verified.status == 0, "xmlsec1: \(verified.all)")
        let tampered = key.directory.appendingPathComponent("tampered.edxml")
        try Data(String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "V/v trả lời", with: "V/v đổi").utf8).write(to: tampered)
        #expect(try runTool("/usr/bin/xmlsec1", ["--verify", "--trusted-pem", key.certificatePath, tampered.path]).status != 0)
        guard case .valid(let subject) = EdXMLSignature.verify(signed) else {
            Issue.record("our verifier: \(EdXMLSignature.verify(signed))")
            return
        }
        #expect(subject.contains("UBND tinh Son La"))

        let p = try EdXMLParser().parsePacket(signed)
        let header = p.header
        #expect(header.from.organId == "000.00.00.H52" && header.from.organName == "UBND tỉnh Sơn La")
        #expect(header.to.map(\.organId) == ["000.00.12.H52"])
        #expect(header.code.codeNumber == "07" && header.code.codeNotation == "UBND-VP")
        #expect(header.promulgationInfo.place == "Sơn La")
        #expect(header.promulgationInfo.promulgationDate == EdXMLTimestamp(doc.issuedOn).day)
        #expect(header.documentType?.type == 1 && header.documentType?.typeName == "Công văn")
        #expect(header.subject == doc.subject && header.content == doc.content)
        #expect(header.signerInfo?.competence == "TM. ỦY BAN NHÂN DÂN")
        #expect(header.signerInfo?.position == "Chủ tịch" && header.signerInfo?.fullName == "Nguyễn Đức Việt")
        #expect(header.dueDate == doc.dueDate.map { EdXMLTimestamp($0).day })
        #expect(header.steeringType == 1)
        #expect(header.toPlaces == ["Sở Tài chính tỉnh Sơn La", "Văn phòng Chính phủ", "Lưu: VT"])
        #expect(header.otherInfo?.priority == 0 && header.otherInfo?.appendixes == ["Phụ lục: số liệu dự toán"])
        #expect(header.responseFor.first?.documentId == "000.00.12.H52,2026/11/20,123/STC-NS")
        #expect(header.responseFor.first?.organId == "000.00.12.H52" && header.responseFor.first?.code == "123/STC-NS")
        #expect(header.documentId == OutgoingPacketBuilder.edxmlDocumentId(doc))
        #expect(p.traceHeaderList.traceHeaders.map(\.organId) == ["000.00.00.H52"])
        #expect(p.traceHeaderList.business?.businessDocType == .new)
        #expect(p.traceHeaderList.business?.staffInfo?.staff == "Lò Thị Bình")
        #expect(p.references.map(\.attachmentName) == ["07_UBND-VP.pdf", "Phu_luc_01.pdf"])
        // Zipped as the SDK does: the base64 content is a ZIP (UEsDB…), unzipped by the parser to the PDF.
        #expect(String(decoding: signed, as: UTF8.self).contains(">UEsDB"))
        let full = try EdXMLParser().parse(signed)
        guard case .document(let parsed) = full else { Issue.record("not a document"); return }
        #expect(parsed.attachments.first?.content == DispatchHarness.pdf || parsed.attachments.isEmpty)

        // Intake's own validation (the same PacketInspector as an axis delivery) accepts it, signature included.
        let intake = IntakeSettings(agencies: [HostedAgency(code: "000.00.12.H52", name: "Sở Tài chính tỉnh Sơn La", shortName: "stc")])
        let inspection = try await PacketInspector(settings: intake, blobs: h.blobs).inspect(file)
        #expect(inspection.refusal == nil, "intake refused: \(String(describing: inspection.refusal))")
        #expect(inspection.signer?.contains("UBND tinh Son La") == true)
        #expect(inspection.attachments.count == 2)
        await h.close()
    }

    @Test func withoutZipTheFilesTravelAsPlainBase64() async throws {
        let h = try await DispatchHarness()
        let (_, packet) = try await build(h, zipped: false)
        #expect(EdXMLSignature.verify(packet) == .unsigned, "no key directory: unsigned (development)")
        #expect(String(decoding: packet, as: UTF8.self).contains(">JVBERi0"), "a PDF's base64 starts JVBERi0")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString).edxml")
        defer { try? FileManager.default.removeItem(at: file) }
        try packet.write(to: file)
        let intake = IntakeSettings(agencies: [HostedAgency(code: "000.00.12.H52", name: "Sở Tài chính tỉnh Sơn La", shortName: "stc")])
        let inspection = try await PacketInspector(settings: intake, blobs: h.blobs).inspect(file)
        #expect(inspection.refusal == nil, "intake refused: \(String(describing: inspection.refusal))")
        await h.close()
    }

    @Test func statesSettingsAndBackOff() {
        #expect(RecipientState.sent.takes(.arrived) && RecipientState.arrived.takes(.accepted) && RecipientState.arrived.takes(.rejected))
        #expect(!RecipientState.accepted.takes(.arrived) && !RecipientState.rejected.takes(.arrived))
        #expect(RecipientState.queued.takes(.arrived), "a 01 that overtakes the sender's own mark still counts")
        #expect(RecipientState(status: .revocationRequested) == nil)
        #expect(RetrySchedule.delay(afterAttempt: 1, schedule: [.seconds(5), .seconds(30)]) == .seconds(5))
        #expect(RetrySchedule.delay(afterAttempt: 3, schedule: [.seconds(5), .seconds(30)]) == nil)
        #expect(DispatchSettings.parseHosted("000.00.00.H52=UBND tỉnh Sơn La=ubnd;000.00.12.H52=Sở Tài chính=stc") == ["000.00.00.H52", "000.00.12.H52"])
        #expect(DispatchSettings.parseHosted("000.00.00.H52;000.00.12.H52") == ["000.00.00.H52", "000.00.12.H52"])
        #expect(throws: (any Error).self) { try DispatchSettings.load(["QLVB_DISPATCH_HOSTED_AGENCIES": "not a code"]) }
        #expect(OutgoingPacketBuilder.documentType("Quyết định").type == 2)
        #expect(AttachmentName.ascii("Phụ lục số liệu.xlsx") == "Phu_luc_so_lieu.xlsx")
    }
}

/// What a packet costs to build for one recipient, and what its XML signature adds, as a ratio to building it
/// unsigned in the same run (a 1 MB sealed PDF, zipped as the SDK does).
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct OutgoingPacketBench {
    @Test func signingCostAsARatioToBuilding() async throws {
        let key = try TestAgencyKey(agency: DispatchHarness.ubnd.code)
        defer { key.remove() }
        let h = try await DispatchHarness(keyDirectory: key.directory, keyPassword: key.password)
        var doc = try await h.issued(to: [DispatchHarness.stc])
        var bytes = [UInt8]("%PDF-1.7\n".utf8)
        var rng = SystemRandomNumberGenerator()
        while bytes.count < 1_000_000 { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
        doc.sealed = try await h.blobs.put(Data(bytes), mediaType: "application/pdf")
        doc.appendices = []
        let content = try await h.blobs.read(doc.sealed)
        func build() throws -> Data {
            var packet = OutgoingPacketBuilder.packet(doc, for: DispatchHarness.stc, at: Date(), zipped: true)
            packet.attachments = [EdXMLAttachment(info: OutgoingPacketBuilder.attachments(doc, zipped: true)[0], content: content)]
            return try EdXMLWriter().data(for: packet)
        }
        func time(_ rounds: Int, _ body: () throws -> Void) rethrows -> Double {
            let start = ContinuousClock.now
            for _ in 0..<rounds { try body() }
            let d = ContinuousClock.now - start
            return (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) / Double(rounds)
        }
        _ = try build()
        let unsigned = try time(5) { _ = try build() }
        let signed = try time(5) { _ = try h.keys.sign(try build(), agency: DispatchHarness.ubnd.code) }
        print(String(
            format: "packet of a 1 MB PDF: build %.1f ms (baseline 1.00), build + XML signature %.1f ms (%.2fx)",
            unsigned * 1000, signed * 1000, signed / unsigned))
        #expect(signed > 0 && unsigned > 0)
        await h.close()
    }
}
