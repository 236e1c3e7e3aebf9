import Contracts
import EdXML
import Foundation
import Testing

struct SamplePacketTests {
    @Test(
        "Every SDK document sample parses with its business flow",
        arguments: [
            ("edoc_new.edxml", EdXMLBusinessDocType.new, "000.00.00.K19", "781622e22"),
            ("edoc_update.edxml", .update, "000.00.00.G22", "7816"),
            ("edoc_revocation.edxml", .revoke, "000.00.00.G22", "7816"),
            ("edoc_replacement.edxml", .replace, "000.00.00.G22", "7816"),
        ])
    func documentSampleParses(file: String, flow: EdXMLBusinessDocType, from: String, codeNumber: String) throws {
        let packet = try EdXMLParser().parsePacket(Fixtures.sample(file))

        #expect(packet.header.documentId == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT")
        #expect(packet.header.from.organId == from)
        #expect(!packet.header.to.isEmpty)
        #expect(packet.header.code == EdXMLCode(codeNumber: codeNumber, codeNotation: "VPCP-TTĐT"))
        #expect(packet.header.subject == "V/v kết nối, liên thông phần mềm quản lý văn bản")
        #expect(packet.businessDocType == flow)
        #expect(packet.traceHeaderList.traceHeaders.first?.timestamp.description == "2018/09/28 00:00:00")
        #expect(packet.references.map(\.contentId) == ["209"])
        #expect(packet.signature?.namespace == EdXMLNamespace.edXML)
        #expect(packet.signature?.signatureMethod == "http://www.w3.org/2000/09/xmldsig#rsa-sha1")

        let attachment = try #require(packet.attachments.first)
        #expect(packet.attachments.count == 1)
        #expect(attachment.contentId == "209")
        #expect(attachment.info.zipped)
        #expect(attachment.info.contentType == "application/zip")
        #expect(attachment.info.fileExtension == "doc")
        // The SDK's test attachment is itself an edXML packet carrying a PDF.
        #expect(attachment.content.starts(with: Data("<?xml".utf8)))
    }

    @Test func updateSampleCarriesItsReceiverList() throws {
        let packet = try EdXMLParser().parsePacket(Fixtures.sample("edoc_update.edxml"))
        let business = try #require(packet.traceHeaderList.business)
        #expect(business.documentId == "000.00.00.G22,2014/02/30,7806/VPCP-TTĐT")
        #expect(business.businessDocumentInfo?.documentInfo == true)
        #expect(business.businessDocumentInfo?.receiverList == [
            EdXMLReceiver(organId: "000.00.00.H41", receiverType: 0), EdXMLReceiver(organId: "000.00.00.H14", receiverType: 1),
        ])
    }

    @Test func replacementSampleListsTheReplacedDocuments() throws {
        let packet = try EdXMLParser().parsePacket(Fixtures.sample("edoc_replacement.edxml"))
        let replacements = try #require(packet.traceHeaderList.business?.replacementInfoList)
        #expect(replacements.count == 2)
        #expect(replacements[0].documentId == "000.00.00.G22,2014/01/30,7806/VPCP-TTĐT")
        #expect(replacements[0].organIdList == ["000.00.00.H41", "000.00.00.H14"])
    }

    @Test func revocationSampleAnswersTheEarlierDocument() throws {
        let packet = try EdXMLParser().parsePacket(Fixtures.sample("edoc_revocation.edxml"))
        #expect(packet.header.responseFor.map(\.documentId) == ["000.00.04.G14,2012/08/06,267/VPCP-TTĐT"])
        #expect(packet.traceHeaderList.business?.businessDocReason == "Thu hồi văn bản điện tử")
    }

    @Test func unzippedSampleAttachmentIsAPacketWhosePDFIsReal() throws {
        let outer = try EdXMLParser().parsePacket(Fixtures.sample("edoc_new.edxml"))
        let inner = try EdXMLParser().parsePacket(try #require(outer.attachments.first).content)
        let pdf = try #require(inner.attachments.first)
        #expect(pdf.attachmentName == "GUIDE_INSTALL OPENVPN.SIGNED.PDF")
        #expect(pdf.info.zipped == false)
        #expect(pdf.content.starts(with: Data("%PDF-".utf8)))
        #expect(inner.header.responseFor.isEmpty)  // its ResponseFor is written but empty
    }

    @Test(
        "Every SDK status sample parses with its code",
        arguments: [
            ("status_inbox_01.edxml", StatusCode.arrived), ("status_rejection_02.edxml", .rejected),
            ("status_acceptance_03.edxml", .accepted), ("status_assignment_04.edxml", .assigned),
            ("status_processing_05.edxml", .processing), ("status_finish_06.edxml", .finished),
            ("status_cancellation_13.edxml", .revocationRequested), ("status_change-acceptance_15.edxml", .changeAccepted),
            ("status_change-rejection_16.edxml", .changeRejected),
        ])
    func statusSampleParses(file: String, code: StatusCode) throws {
        let status = try EdXMLParser().parseStatus(Fixtures.sample(file))
        #expect(status.statusCode == code)
        #expect(EdXMLOrganization.isValidCode(status.from.organId))
        #expect(EdXMLOrganization.isValidCode(status.responseFor.organId))
        #expect(status.responseFor.documentId?.isEmpty == false)
        #expect(status.timestamp.day.year >= 2015)
        #expect(status.description?.isEmpty == false)
    }

    @Test func statusSampleFieldsAreTrimmedOfTabs() throws {
        let status = try EdXMLParser().parseStatus(Fixtures.sample("status_inbox_01.edxml"))
        #expect(status.from.organId == "000.00.00.H41")
        #expect(status.responseFor == EdXMLResponseFor(
            organId: "000.00.00.G22", code: "7816/VPCP-TTĐT", promulgationDate: EdXMLDate(year: 2015, month: 9, day: 30),
            documentId: "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"))
        #expect(status.staffInfo?.department == "Phong hanh chinh")
        #expect(status.timestamp == EdXMLTimestamp(parsing: "2015/09/20 11:08:36"))
    }

    @Test func streamingReaderSeesTheSameAttachmentInChunks() async throws {
        let data = try Fixtures.sample("edoc_new.edxml")
        let expected = try EdXMLParser().parsePacket(data).attachments[0].content
        let result = try await EdXMLReader().read(data) { info, chunks in
            var collected = Data()
            for try await chunk in chunks { collected.append(chunk) }
            return (info, collected)
        }
        #expect(result.attachments.count == 1)
        #expect(result.attachments[0].stored.0.zipped)
        #expect(result.attachments[0].stored.1 == expected)
        #expect(result.attachments[0].byteCount == Int64(expected.count))
        guard case .document(let packet) = result.message else { Issue.record("not a document"); return }
        #expect(packet.attachments.isEmpty)
    }
}
