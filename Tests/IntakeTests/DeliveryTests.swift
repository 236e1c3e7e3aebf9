import Contracts
import EdXML
import Foundation
import Testing
import TestSupport

@testable import IntakeService

@Suite(.serialized) struct DeliveryTests {
    @Test func goodPacketIsAcceptedWithOneDocumentPerHostedAddressee() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let packet = try Packets.with(header: { $0.to.append(EdXMLOrganization(organId: "000.00.12.H52", organName: "Sở Tài chính")) })
        let reply = try await harness.deliver(packet)
        #expect(reply.status == 202, "\(reply.body)")
        let status = try EdXMLParser().parseStatus(Data(reply.body.utf8))
        #expect(status.statusCode == .arrived)
        #expect(status.responseFor.organId == "000.00.00.G22")
        #expect(status.responseFor.documentId == "000.00.00.G22,2026/03/16,1234/VPCP-KSTT")

        let outbox = try await harness.outbox()
        let received = outbox.filter { $0.type == "document.received" }
        #expect(Set(received.map(\.agency)) == ["000.00.00.H52", "000.00.12.H52"])
        #expect(outbox.filter { $0.type == "status.outbound" }.count == 2)
        let envelope = try Envelope.decode(from: Data(received[0].body.utf8))
        let event = try envelope.decode(DocumentReceived.self)
        #expect(event.codeNumber == "1234")
        #expect(event.subject.hasPrefix("V/v báo cáo"))
        #expect(event.attachments.map(\.name) == ["1234_VPCP-KSTT.pdf"])
        #expect(try await harness.blobs.read(event.attachments[0].blob) == Packets.pdf)
        #expect(try await harness.blobs.read(event.packet) == packet, "the raw packet is stored once, as received")
        let reply01 = try Envelope.decode(from: Data(outbox.first { $0.type == "status.outbound" }!.body.utf8)).decode(StatusOutbound.self)
        #expect(reply01.status == .arrived)
        #expect(reply01.to.code == "000.00.00.G22")
    }

    @Test func duplicateDeliveryIsRegisteredOnceWithTheSameAnswer() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let packet = try Packets.good()
        let replies = try await harness.deliver([packet, packet])
        #expect(replies.map(\.status) == [202, 202])
        #expect(replies[0].body == replies[1].body)
        #expect(try await harness.outbox().filter { $0.type == "document.received" }.count == 1)
        #expect(try await harness.deliveries().map(\.verdict) == ["accepted", "duplicate"])
    }

    /// The same packet delivered 8 times at once, among 8 other packets: the deliveries share transactions (group
    /// commit), one wins the dedupe key, and the 7 others get its answer, also when they are in its very batch.
    @Test func concurrentRepeatsInOneBatchAreRegisteredOnce() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let repeated = try await harness.blobs.put(try Packets.good(number: "8800"), mediaType: "application/xml")
        var others: [BlobRef] = []
        for n in 0..<8 { others.append(try await harness.blobs.put(try Packets.good(number: "88\(10 + n)"), mediaType: "application/xml")) }
        let processor = harness.processor
        let answers = try await withThrowingTaskGroup(of: (Bool, DeliveryAnswer).self) { group in
            for _ in 0..<8 { group.addTask { (true, try await processor.process(packet: repeated, source: "http")) } }
            for packet in others { group.addTask { (false, try await processor.process(packet: packet, source: "http")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let repeats = answers.filter(\.0).map(\.1)
        #expect(repeats.allSatisfy { $0.httpStatus == 202 })
        #expect(Set(repeats.map(\.xml)).count == 1, "every repeat gets the first answer")
        #expect(repeats.filter(\.duplicate).count == 7)
        #expect(try await harness.outbox().filter { $0.type == "document.received" }.count == 9, "8 others + the repeated one, once")
        let verdicts = try await harness.deliveries().map(\.verdict)
        #expect(verdicts.filter { $0 == "duplicate" }.count == 7 && verdicts.filter { $0 == "accepted" }.count == 9)
        let transactions = try await harness.database.query(
            "SELECT count(DISTINCT xmin::text) AS n FROM \(identifier: harness.schema).deliveries").rows[0].decode(Int.self, "n")
        #expect(transactions < 16, "deliveries shared transactions (\(transactions) for 16)")
    }

    @Test func signedPacketIsAccepted() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let key = try await Packets.testKey()
        let signed = try EdXMLSignature.sign(try Packets.good(), key: key.key, certificate: key.certificate)
        let reply = try await harness.deliver(signed)
        #expect(reply.status == 202, "\(reply.body)")
    }

    @Test func revocationUpdateAndReplacementAreRoutedToTheirEvents() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let original = "000.00.00.G22,2026/03/10,1000/VPCP-KSTT"
        let packets = try [
            Packets.data(Packets.packet(business: EdXMLBusiness(businessDocType: .revoke, businessDocReason: "Thu hồi", documentId: original))),
            Packets.data(Packets.packet(business: EdXMLBusiness(businessDocType: .update, documentId: original))),
            Packets.data(Packets.packet(business: EdXMLBusiness(
                businessDocType: .replace, replacementInfoList: [EdXMLReplacementInfo(documentId: original, organIdList: ["000.00.00.H52"])]))),
        ]
        let replies = try await harness.deliver(packets)
        #expect(replies.map(\.status) == [202, 202, 202])
        let outbox = try await harness.outbox()
        let types = outbox.map(\.type)
        #expect(types.filter { $0 == "document.revoked" }.count == 1)
        let revoked = try outbox.filter { $0.type == "document.revoked" }.map { try Envelope.decode(from: Data($0.body.utf8)).decode(DocumentRevoked.self) }
        #expect(revoked.map(\.edxmlDocumentId) == [original])
        #expect(revoked.map(\.reason) == ["Thu hồi"])
        // An update and a replacement are documents of their own (registered like any other), linked to the original.
        let updated = try outbox.filter { $0.type == "document.updated" }
            .map { try Envelope.decode(from: Data($0.body.utf8)).decode(DocumentUpdated.self) }
        let received = try outbox.filter { $0.type == "document.received" }
            .map { try Envelope.decode(from: Data($0.body.utf8)).decode(DocumentReceived.self) }
        #expect(updated.count == 2 && received.count == 2)
        #expect(Set(updated.map(\.change)) == [.update, .replacement])
        #expect(updated.allSatisfy { $0.originals == [original] })
        #expect(Set(updated.map(\.documentId)) == Set(received.map(\.documentId)), "the link names the registered document")
    }

    /// A status packet 13 (the sender asks for its document back) is a revocation, with who asked and when.
    @Test func cancellationStatusIsARevocation() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let original = "000.00.00.G22,2026/03/10,1000/VPCP-KSTT"
        let request = EdXMLStatusPacket(
            from: EdXMLOrganization(organId: "000.00.00.G22", organName: "Văn phòng Chính phủ"),
            responseFor: EdXMLResponseFor(organId: "000.00.00.H52", code: "1000/VPCP-KSTT", documentId: original),
            staffInfo: EdXMLStaffInfo(department: "Văn thư", staff: "Nguyễn Thị Ngọc Trâm"), statusCode: .revocationRequested,
            description: "Gửi nhầm nơi nhận", timestamp: EdXMLTimestamp(Date(timeIntervalSinceNow: -60)))
        let reply = try await harness.deliver(try EdXMLWriter().data(for: request))
        #expect(reply.status == 202, "\(reply.body)")
        let outbox = try await harness.outbox()
        #expect(outbox.map(\.type) == ["document.revoked"], "no status.received, no reply")
        let event = try Envelope.decode(from: Data(outbox[0].body.utf8)).decode(DocumentRevoked.self)
        #expect(event.edxmlDocumentId == original && event.sender.code == "000.00.00.G22")
        #expect(event.reason == "Gửi nhầm nơi nhận" && event.staff == "Nguyễn Thị Ngọc Trâm")
        #expect(abs(event.requestedAt.timeIntervalSinceNow + 60) < 2)
        #expect(outbox[0].agency == "000.00.00.H52")
    }

    @Test("Every shared sample is accepted or routed to its event", arguments: [
        ("edoc_new.edxml", "document.received"), ("edoc_update.edxml", "document.updated"),
        ("edoc_revocation.edxml", "document.revoked"), ("edoc_replacement.edxml", "document.updated"),
        ("status_inbox_01.edxml", "status.received"), ("status_rejection_02.edxml", "status.received"),
        ("status_acceptance_03.edxml", "status.received"), ("status_assignment_04.edxml", "status.received"),
        ("status_processing_05.edxml", "status.received"), ("status_finish_06.edxml", "status.received"),
        ("status_cancellation_13.edxml", "document.revoked"), ("status_change-acceptance_15.edxml", "status.received"),
        ("status_change-rejection_16.edxml", "status.received"),
    ])
    func sample(_ file: String, _ type: String) async throws {
        let agencies = ["000.00.50.H19", "000.00.00.H41", "000.00.00.G22"].map { HostedAgency(code: $0, name: $0, shortName: "x") }
        let harness = try await IntakeHarness.make(IntakeSettings(agencies: agencies))
        defer { Task { await harness.close() } }
        let data = try Data(contentsOf: TestEnv.shared.appendingPathComponent("edxml-samples/\(file)"))
        let reply = try await harness.deliver(data)
        #expect(reply.status == 202, "\(file): \(reply.body)")
        let types = try await harness.outbox().map(\.type)
        #expect(types.contains(type), "\(types)")
        if type == "status.received" { #expect(!types.contains("status.outbound"), "a status is not answered with a status") }
    }
}
