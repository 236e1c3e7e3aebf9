import BlobStore
import Contracts
import EdXML
import Foundation
import Messaging

/// `document.issued`: one edXML packet per recipient, built once, signed with the agency's key and kept in the blob
/// store, recorded with the recipient's state in the same transaction as the inbox entry. A recipient hosted here gets
/// it at once through the outbox (`packet.forwarded` to its intake: sent); the others are queued for `AxisSender`,
/// which sends them over the axis with back-off. `document.dispatched` says the document went out (the day of the
/// outgoing register's "ngày chuyển").
struct SendIssued: EventHandler {
    let settings: DispatchSettings
    let store: OutgoingStore
    let blobs: any BlobStore
    let keys: AgencyKeys
    /// Wakes the axis sender once this transaction committed (it also polls).
    var wake: @Sendable () -> Void = {}

    func handle(_ event: DocumentIssued, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        let agency = context.envelope.agency
        let now = Date()
        let edxmlId = OutgoingPacketBuilder.edxmlDocumentId(event)
        guard try await store.insert(event, edxmlDocumentId: edxmlId, agency: agency, at: now, in: tx) else { return [] }
        // An update or replacement names the earlier document as its recipients got it.
        var sent: (edxmlDocumentId: String, recipients: [String])?
        if let change = event.changes { sent = try await store.sent(agency: agency, id: change.original, in: tx) }
        let original = OutgoingPacketBuilder.original(event, sent: sent)
        let infos = OutgoingPacketBuilder.attachments(event, zipped: settings.zipAttachments)
        var contents = [try await blobs.read(event.sealed)]
        for appendix in event.appendices { contents.append(try await blobs.read(appendix.blob)) }
        var events: [any Event] = []
        var first: BlobRef?
        for recipient in event.recipients {
            var packet = OutgoingPacketBuilder.packet(
                event, for: recipient, at: now, zipped: settings.zipAttachments, original: original)
            packet.attachments = zip(infos, contents).map { EdXMLAttachment(info: $0, content: $1) }
            let signed: Data
            do {
                signed = try keys.sign(try EdXMLWriter().data(for: packet), agency: agency) { path in
                    context.logger.warning("no agency key: the packet goes unsigned", metadata: ["key": "\(path)", "agency": "\(agency)"])
                }
            } catch let error as EdXMLError {
                throw PermanentError("cannot build the packet for \(recipient.code): \(error)")
            }
            let blob = try await blobs.put(signed, mediaType: "application/xml")
            first = first ?? blob
            if settings.isHosted(recipient.code) {
                try await store.insertRecipient(event.documentId, recipient, route: "local", state: .sent, packet: blob, at: now, in: tx)
                events.append(PacketForwarded(packet: blob, kind: AxisPacketKind.edoc.rawValue, from: agency, to: recipient.code, sentAt: now))
            } else {
                try await store.insertRecipient(event.documentId, recipient, route: "axis", state: .queued, packet: blob, at: now, in: tx)
            }
        }
        context.logger.info("outgoing document queued", metadata: [
            "document": "\(edxmlId)", "recipients": "\(event.recipients.map(\.code))",
            "business": "\(original.map { "\($0.kind.rawValue) of \($0.edxmlDocumentId)" } ?? "new")",
        ])
        // Sent: the day goes in numbering's outgoing register ("ngày chuyển") and to whoever follows the document.
        if let first {
            events.append(DocumentDispatched(
                documentId: event.documentId, edxmlDocumentId: edxmlId, recipients: event.recipients, packet: first, dispatchedAt: now))
        }
        wake()
        return events
    }
}

