import Contracts
import EdXML
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import DispatchService
@testable import IntakeService

/// An issued document from dispatch to its recipients on the real broker and PostgreSQL: a hosted agency (Sở Tài
/// chính) gets it in its own intake and its 01 comes back to UBND's state; an agency outside goes over the axis, with
/// back-off, and ends `failed` (shown, never dropped) when the axis refuses.
@Suite(.serialized)
struct OutgoingDispatchTests {
    @Test func aHostedRecipientRegistersItAndItsStatusComesBack() async throws {
        let h = try await DispatchHarness()
        try await h.prepareSeen()
        let axis = RecordingAxis()
        let doc = try await h.issued(to: [DispatchHarness.stc, DispatchHarness.outside])
        try await h.running(axis: axis) {
            try await h.publish(doc)
            // Sở Tài chính's intake answered 01, which came back to UBND's dispatch through UBND's intake.
            let arrived = try await eventually(.seconds(30)) {
                try await h.store.document(agency: DispatchHarness.ubnd.code, id: doc.documentId, on: h.database)?
                    .recipients.first { $0.code == DispatchHarness.stc.code }?.state == .arrived
            }
            #expect(arrived, "01 from Sở Tài chính reached the outgoing document's state")
            let sentOut = try await eventually(.seconds(15)) {
                try await h.store.document(agency: DispatchHarness.ubnd.code, id: doc.documentId, on: h.database)?
                    .recipients.first { $0.code == DispatchHarness.outside.code }?.state == .sent
            }
            #expect(sentOut, "the agency outside got it over the axis")
        }
        let state = try #require(try await h.store.document(agency: DispatchHarness.ubnd.code, id: doc.documentId, on: h.database))
        #expect(state.edxmlDocumentId.hasPrefix("000.00.00.H52,") && state.edxmlDocumentId.hasSuffix(",01/UBND-VP"))
        let stc = try #require(state.recipients.first { $0.code == DispatchHarness.stc.code })
        #expect(stc.route == "local")
        #expect(stc.history?.map(\.state) == ["sent", "01"])
        // document.dispatched, for the outgoing register's "ngày chuyển": the document as its recipients got it.
        let dispatched = try await h.seen(DocumentDispatched.type, in: h.dispatchSchema)
        #expect(dispatched.count == 1)
        let sent = try #require(try dispatched.first?.decode(DocumentDispatched.self))
        #expect(sent.documentId == doc.documentId && sent.edxmlDocumentId == state.edxmlDocumentId)
        #expect(sent.recipients.map(\.code) == [DispatchHarness.stc.code, DispatchHarness.outside.code])
        #expect(abs(sent.dispatchedAt.timeIntervalSinceNow) < 120)

        // Sở Tài chính's intake registered it as a new document of its own (document.received for 000.00.12.H52).
        let received = try await h.seen(DocumentReceived.type, in: h.intakeSchema)
        #expect(received.count == 1)
        #expect(received.first?.agency == DispatchHarness.stc.code)
        let event = try #require(try received.first?.decode(DocumentReceived.self))
        #expect(event.sender.code == DispatchHarness.ubnd.code && event.codeNumber == "01" && event.codeNotation == "UBND-VP")
        #expect(event.attachments.count == 2)

        // Exactly one packet went over the axis, to the agency outside only, and it is the document.
        #expect(axis.sent.count == 1)
        #expect(axis.sent.first?.to == [DispatchHarness.outside.code] && axis.sent.first?.kind == .edoc)
        let packet = try EdXMLParser().parsePacket(try #require(axis.sent.first?.packet))
        #expect(packet.header.to.map(\.organId) == [DispatchHarness.outside.code])

        // The same packet forwarded again (a copy killed after the forward and before its commit) is one registration.
        let local = try #require(try await h.store.packet(
            agency: DispatchHarness.ubnd.code, id: doc.documentId, recipient: DispatchHarness.stc.code, on: h.database))
        let again = try await h.processor.process(packet: local, source: "local:test")
        #expect(again.duplicate)
        // And document.issued redelivered (a new message) sends nothing more.
        try await h.running(axis: axis) {
            try await h.publish(doc)
            try await Task.sleep(for: .seconds(2))
        }
        #expect(axis.sent.count == 1)
        #expect(try await h.seen(DocumentReceived.type, in: h.intakeSchema).count == 1)
        #expect(try await h.seen(DocumentDispatched.type, in: h.dispatchSchema).count == 1, "dispatched once")
        await h.close()
    }

    /// A document that replaces (thay thế) or updates (cập nhật) one issued earlier names it as its recipients got it:
    /// BussinessDocType 3 with ReplacementInfo, 2 with Bussiness/DocumentId; the hosted recipient's intake links it to
    /// the earlier document (document.updated), the agency outside gets the same over the axis.
    @Test func aReplacementAndAnUpdateNameTheEarlierDocumentAsItWasSent() async throws {
        let h = try await DispatchHarness()
        try await h.prepareSeen()
        let axis = RecordingAxis()
        let ubnd = DispatchHarness.ubnd.code
        let original = try await h.issued(to: [DispatchHarness.stc, DispatchHarness.outside], number: 1)
        var replacement = try await h.issued(to: [DispatchHarness.stc, DispatchHarness.outside], number: 2)
        replacement.changes = .init(kind: .replacement, original: original.documentId, originalCode: "01/UBND-VP", originalIssuedOn: original.issuedOn)
        var update = try await h.issued(to: [DispatchHarness.stc], number: 3)
        update.changes = .init(
            kind: .update, original: original.documentId, originalCode: "01/UBND-VP", originalIssuedOn: original.issuedOn,
            reason: "Đính chính trích yếu")
        try await h.running(axis: axis) {
            try await h.publish(original)
            #expect(try await eventually(.seconds(15)) { axis.sent.count == 1 })
            try await h.publish(replacement)
            try await h.publish(update)
            #expect(try await eventually(.seconds(30)) {
                try await h.seen(DocumentUpdated.type, in: h.intakeSchema).count == 2 && axis.sent.count == 2
            })
        }
        let sentOriginal = try #require(try await h.store.document(agency: ubnd, id: original.documentId, on: h.database))

        // Over the axis: the replacement, type 3, names the original for both organisations that got it.
        let packet = try EdXMLParser().parsePacket(axis.sent[1].packet)
        let business = try #require(packet.traceHeaderList.business)
        #expect(business.businessDocType == .replace)
        #expect(business.replacementInfoList.map(\.documentId) == [sentOriginal.edxmlDocumentId])
        #expect(Set(business.replacementInfoList.first?.organIdList ?? []) == [DispatchHarness.stc.code, DispatchHarness.outside.code])
        #expect(packet.header.documentId?.hasSuffix(",02/UBND-VP") == true, "a replacement is a document with its own number")

        // In Sở Tài chính: each registered as a document of its own and linked to the original.
        let updated = try await h.seen(DocumentUpdated.type, in: h.intakeSchema).map { try $0.decode(DocumentUpdated.self) }
        #expect(Set(updated.map(\.change)) == [.replacement, .update])
        #expect(updated.allSatisfy { $0.originals == [sentOriginal.edxmlDocumentId] })
        #expect(updated.first { $0.change == .update }?.reason == "Đính chính trích yếu")
        #expect(try await h.seen(DocumentReceived.type, in: h.intakeSchema).count == 3)

        // The clerk's state shows what each changes.
        let shown = try #require(try await h.store.document(agency: ubnd, id: update.documentId, on: h.database))
        #expect(shown.changes == .init(kind: .update, originalId: original.documentId, originalCode: "01/UBND-VP"))
        #expect(sentOriginal.changes == nil)
        await h.close()
    }

    /// The update's Bussiness block: receivers marked changed only when they differ from the original's; an original
    /// dispatch never sent is named from its số/ký hiệu and date.
    @Test func theUpdateBlockMarksChangedReceiversAndNamesAnUnknownOriginalByItsNumber() async throws {
        let h = try await DispatchHarness()
        var doc = try await h.issued(to: [DispatchHarness.stc], number: 4)
        let day = Date(timeIntervalSince1970: 1_780_000_000)
        doc.changes = .init(kind: .update, original: UUID(), originalCode: "09/UBND-VP", originalIssuedOn: day)
        let unknown = try #require(OutgoingPacketBuilder.original(doc, sent: nil))
        #expect(unknown.edxmlDocumentId == "000.00.00.H52,\(EdXMLTimestamp(day).day),09/UBND-VP")
        let same = OutgoingPacketBuilder.business(doc, original: unknown, staff: nil)
        #expect(same.businessDocType == .update && same.documentId == unknown.edxmlDocumentId)
        #expect(same.businessDocumentInfo?.documentReceiver == false && same.businessDocumentInfo?.documentInfo == true)
        let moreReceivers = OutgoingPacketBuilder.original(doc, sent: (unknown.edxmlDocumentId, [DispatchHarness.stc.code, "000.00.00.G22"]))
        let changed = OutgoingPacketBuilder.business(doc, original: moreReceivers, staff: nil)
        #expect(changed.businessDocumentInfo?.documentReceiver == true)
        #expect(changed.businessDocumentInfo?.receiverList.map(\.organId) == [DispatchHarness.stc.code])
        var plain = doc
        plain.changes = nil
        #expect(OutgoingPacketBuilder.original(plain, sent: nil) == nil)
        #expect(OutgoingPacketBuilder.business(plain, original: nil, staff: nil).businessDocType == .new)
        await h.close()
    }

    @Test func anUnreachableAxisIsRetriedThenFailedAndTheClerkMaySendAgain() async throws {
        let h = try await DispatchHarness()
        try await h.prepareSeen()
        let axis = RecordingAxis(failFirst: 3)
        let doc = try await h.issued(to: [DispatchHarness.outside])
        try await h.running(axis: axis) {
            try await h.publish(doc)
            let failed = try await eventually(.seconds(20)) {
                try await h.store.document(agency: DispatchHarness.ubnd.code, id: doc.documentId, on: h.database)?
                    .recipients.first?.state == .failed
            }
            #expect(failed, "after the first try and its two retries the recipient is failed")
            let recipient = try #require(try await h.store.document(agency: DispatchHarness.ubnd.code, id: doc.documentId, on: h.database)?
                .recipients.first)
            #expect(recipient.attempts == 3)
            #expect(recipient.reason?.contains("unreachable") == true)
            #expect(axis.sent.isEmpty)

            // The clerk sends it again; the axis is back.
            let retried = try await h.database.withTransaction { tx in
                try await h.store.retry(
                    agency: DispatchHarness.ubnd.code, documentId: doc.documentId, recipient: DispatchHarness.outside.code, by: "vanthu.ubnd",
                    at: Date(), in: tx)
            }
            #expect(retried)
            let sent = try await eventually(.seconds(10)) {
                try await h.store.document(agency: DispatchHarness.ubnd.code, id: doc.documentId, on: h.database)?
                    .recipients.first?.state == .sent
            }
            #expect(sent)
            // A recipient that is not failed is not sent again by hand.
            let twice = try await h.database.withTransaction { tx in
                try await h.store.retry(
                    agency: DispatchHarness.ubnd.code, documentId: doc.documentId, recipient: DispatchHarness.outside.code, by: "vanthu.ubnd",
                    at: Date(), in: tx)
            }
            #expect(!twice)
        }
        #expect(axis.sent.count == 1)
        await h.close()
    }

    @Test func aSendInterruptedBeforeItsCommitIsSentAgainWithTheSameBytes() async throws {
        let h = try await DispatchHarness()
        let axis = RecordingAxis()
        let doc = try await h.issued(to: [DispatchHarness.outside])
        // The document recorded by the handler, as the broker would, then a sender that "dies" after the axis took it:
        // the claim committed, the send happened, the mark never did.
        _ = try await h.database.withTransaction { tx in
            _ = try await h.store.insert(doc, edxmlDocumentId: OutgoingPacketBuilder.edxmlDocumentId(doc), agency: DispatchHarness.ubnd.code, at: Date(), in: tx)
            let blob = try await h.blobs.put(Data("<edXML/>".utf8), mediaType: "application/xml")
            try await h.store.insertRecipient(doc.documentId, DispatchHarness.outside, route: "axis", state: .queued, packet: blob, at: Date(), in: tx)
        }
        let claimed = try await h.store.claimDue(now: Date(), leaseUntil: Date().addingTimeInterval(1), limit: 5, on: h.database)
        #expect(claimed.count == 1)
        _ = try await axis.send(try await h.blobs.read(claimed[0].packet), kind: .edoc, from: claimed[0].agency, to: [claimed[0].recipient])
        // Within the lease nobody takes it; once the lease ends another sender does, with the same packet.
        #expect(try await h.store.claimDue(now: Date(), leaseUntil: Date().addingTimeInterval(1), limit: 5, on: h.database).isEmpty)
        try await Task.sleep(for: .milliseconds(1200))
        #expect(try await h.sender(axis: axis).tick() == 1)
        #expect(axis.sent.count == 2)
        #expect(axis.sent[0].packet == axis.sent[1].packet, "the receiver deduplicates on the same DocumentId")
        let recipient = try #require(try await h.store.document(agency: DispatchHarness.ubnd.code, id: doc.documentId, on: h.database)?.recipients.first)
        #expect(recipient.state == .sent && recipient.attempts == 2)
        await h.close()
    }

    @Test func aRefusalFromTheRecipientIsShownAndALateStatusDoesNotMoveItBack() async throws {
        let h = try await DispatchHarness()
        let doc = try await h.issued(to: [DispatchHarness.stc])
        let edxmlId = OutgoingPacketBuilder.edxmlDocumentId(doc)
        _ = try await h.database.withTransaction { tx in
            _ = try await h.store.insert(doc, edxmlDocumentId: edxmlId, agency: DispatchHarness.ubnd.code, at: Date(), in: tx)
            let blob = try await h.blobs.put(Data("<edXML/>".utf8), mediaType: "application/xml")
            try await h.store.insertRecipient(doc.documentId, DispatchHarness.stc, route: "local", state: .sent, packet: blob, at: Date(), in: tx)
        }
        func status(_ code: StatusCode, _ text: String) async throws -> RecipientState? {
            try await h.database.withTransaction { tx in
                try await h.store.recordStatus(
                    agency: DispatchHarness.ubnd.code, edxmlDocumentId: edxmlId, from: DispatchHarness.stc.code, status: code, description: text,
                    at: Date(), in: tx)
            }
        }
        #expect(try await status(.rejected, "Sai nơi nhận") == .rejected)
        #expect(try await status(.arrived, "Đã đến") == .rejected, "a late 01 does not hide the refusal")
        let recipient = try #require(try await h.store.document(agency: DispatchHarness.ubnd.code, id: doc.documentId, on: h.database)?.recipients.first)
        #expect(recipient.state == .rejected && recipient.reason == "Sai nơi nhận")
        #expect(recipient.history?.map(\.state) == ["sent", "02", "01"])
        // A status about a document this agency did not send changes nothing.
        let unknown = try await h.database.withTransaction { tx in
            try await h.store.recordStatus(
                agency: DispatchHarness.ubnd.code, edxmlDocumentId: "000.00.00.H52,2026/01/01,99/UBND-VP", from: DispatchHarness.stc.code,
                status: .arrived, description: "", at: Date(), in: tx)
        }
        #expect(unknown == nil)
        await h.close()
    }
}
