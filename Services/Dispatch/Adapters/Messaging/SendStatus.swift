import BlobStore
import Contracts
import EdXML
import Foundation
import Messaging
import Storage

/// Sends a status packet (01 đã đến, 02 từ chối, 04, 05, 06 …) back to the sender of a document: over the axis, or —
/// when the sender is an agency hosted here — straight to its intake (`packet.forwarded`), so that, say, Sở Tài
/// chính's 01 and 03 reach UBND's outgoing document.
///
/// The packet is kept in the blob store and logged before the transaction commits; a crash after the send and before
/// the commit sends it once more, which the axis tolerates (and intake deduplicates).
struct SendStatus: EventHandler {
    let axis: any AxisClient
    let blobs: any BlobStore
    var schema = "dispatch"
    var hosted: @Sendable (String) -> Bool = { _ in false }

    func handle(_ event: StatusOutbound, context: MessageContext) async throws -> [any Event] {
        let xml: Data
        do { xml = try EdXMLWriter().data(for: StatusPacketBuilder.packet(for: event)) } catch {
            throw PermanentError("cannot build the status packet: \(error)")
        }
        let stored = try await blobs.put(xml, mediaType: "application/xml")
        var events: [any Event] = []
        if hosted(event.to.code) {
            events.append(PacketForwarded(packet: stored, kind: AxisPacketKind.status.rawValue, from: event.from.code, to: event.to.code, sentAt: Date()))
        } else {
            _ = try await axis.send(xml, kind: .status, from: event.from.code, to: [event.to.code])
        }
        _ = try await context.requireTransaction().query("""
            INSERT INTO \(identifier: schema).status_packets (message_id, agency, edxml_document_id, recipient, status, description, packet_sha256)
            VALUES (\(context.envelope.id), \(context.envelope.agency), \(event.edxmlDocumentId), \(event.to.code),
                    \(event.status.rawValue), \(event.description), \(stored.sha256))
            ON CONFLICT (message_id) DO NOTHING
            """)
        context.logger.info("status packet sent", metadata: [
            "status": "\(event.status.rawValue)", "to": "\(event.to.code)", "document": "\(event.edxmlDocumentId)",
            "route": "\(events.isEmpty ? "axis" : "local")",
        ])
        return events
    }
}
