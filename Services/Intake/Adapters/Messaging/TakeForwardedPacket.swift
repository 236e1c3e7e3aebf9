import Contracts
import Foundation
import Messaging

/// `packet.forwarded`: a packet dispatch sent to an agency hosted here (a document of another hosted agency, or a
/// status packet about one of ours) goes through `DeliveryProcessor` exactly as a delivery from the axis: the same
/// validation, the same deduplication on the edXML DocumentId (a packet forwarded twice is registered once), the same
/// 01/02 answers.
struct TakeForwardedPacket: EventHandler {
    let processor: DeliveryProcessor

    func handle(_ event: PacketForwarded, context: MessageContext) async throws -> [any Event] {
        let answer = try await processor.process(packet: event.packet, source: "local:\(event.from)")
        context.logger.info("forwarded packet taken", metadata: [
            "kind": "\(event.kind)", "from": "\(event.from)", "to": "\(event.to)", "http_status": "\(answer.httpStatus)",
            "duplicate": "\(answer.duplicate)", "reason": "\(answer.reasonCode ?? "")",
        ])
        return []
    }
}
