import BlobStore
import Contracts
import EdXML
import Foundation
import Logging
import Messaging
import Storage

/// The answer to one delivery: HTTP status (202 accepted, 422 refused) and the status packet.
struct DeliveryAnswer: Sendable {
    var httpStatus: Int
    var xml: Data
    var reasonCode: String?
    var duplicate: Bool
}

/// Takes one packet file from the axis to its answer: raw packet into the blob store, validation, then in ONE
/// transaction the delivery log row, the dedupe keys and the outbox events.
struct DeliveryProcessor: Sendable {
    let settings: IntakeSettings
    let database: PGClient
    let outbox: Outbox
    let blobs: FileBlobStore
    let log: DeliveryLog
    let logger: Logger

    init(settings: IntakeSettings, database: PGClient, outbox: Outbox, blobs: FileBlobStore, logger: Logger) {
        self.settings = settings
        self.database = database
        self.outbox = outbox
        self.blobs = blobs
        self.log = DeliveryLog(schema: outbox.schema)
        self.logger = logger
    }

    /// - Parameters:
    ///   - source: where the packet came from (`http`, `poll:<cursor>`), for the log.
    ///   - refusal: a refusal decided before parsing (body over the size limit).
    func process(file: URL, source: String, refusal: IntakeRefusal? = nil) async throws -> DeliveryAnswer {
        let packet = try await blobs.put(contentsOf: file, mediaType: "application/xml")
        let inspection = if let refusal { Inspection.refused(refusal) } else {
            try await PacketInspector(settings: settings, blobs: blobs).inspect(file)
        }
        let now = Date()
        let answering = inspection.addressees.first ?? settings.agencies[0]
        let xml = StatusReply.xml(for: inspection, from: answering, at: now)
        let deliveryId = UUID()
        var row = DeliveryLog.Row(
            id: deliveryId, source: source, packetSHA256: packet.sha256, packetSize: packet.size, kind: Self.kind(of: inspection),
            sender: inspection.sender?.organId, edxmlDocumentId: inspection.edxmlDocumentId,
            verdict: inspection.accepted ? "accepted" : "refused", reasonCode: inspection.refusal?.code,
            reason: inspection.refusal.map { "\($0.vietnamese) | \($0.english)" }, answerStatus: inspection.accepted ? 202 : 422,
            answerXML: String(decoding: xml, as: UTF8.self))

        let answer: DeliveryAnswer = try await database.withTransaction { tx in
            try await log.insert(row, in: tx)
            guard inspection.accepted, let sender = inspection.sender?.organId, let edxmlId = inspection.edxmlDocumentId,
                let kind = row.kind
            else {
                // The 02 reply goes to the sender through the status path too (when the sender could be read).
                if let reply = IntakeEvents.statusOutbound(inspection, agency: answering, at: now) {
                    try await outbox.append([try Envelope(reply, occurredAt: now, agency: answering.code)], in: tx)
                }
                return DeliveryAnswer(httpStatus: row.answerStatus, xml: xml, reasonCode: row.reasonCode, duplicate: false)
            }
            var envelopes: [Envelope] = []
            var earlier: (status: Int, xml: String)?
            for agency in inspection.addressees {
                let documentId = UUID()
                if try await log.claim(
                    agency: agency.code, sender: sender, edxmlDocumentId: edxmlId, kind: kind, delivery: deliveryId, document: documentId, in: tx)
                {
                    envelopes += try IntakeEvents.envelopes(
                        for: inspection, agency: agency, packet: packet, correlationId: UUID(), documentId: documentId, at: now)
                } else if earlier == nil {
                    earlier = try await log.earlierAnswer(agency: agency.code, sender: sender, edxmlDocumentId: edxmlId, kind: kind, in: tx)
                }
            }
            if envelopes.isEmpty, let earlier {
                try await log.markDuplicate(deliveryId, answer: earlier, in: tx)
                row.verdict = "duplicate"
                return DeliveryAnswer(httpStatus: earlier.status, xml: Data(earlier.xml.utf8), reasonCode: nil, duplicate: true)
            }
            try await outbox.append(envelopes, in: tx)
            return DeliveryAnswer(httpStatus: 202, xml: xml, reasonCode: nil, duplicate: false)
        }
        outbox.committed()
        if let refusal = inspection.refusal {
            logger.notice(
                "delivery refused",
                metadata: ["reason": "\(refusal.code)", "packet": "\(packet.sha256)", "sender": "\(inspection.sender?.organId ?? "?")",
                           "detail": "\(refusal.english)"])
        } else {
            logger.info(
                answer.duplicate ? "duplicate delivery" : "delivery accepted",
                metadata: ["packet": "\(packet.sha256)", "document": "\(inspection.edxmlDocumentId ?? "")", "kind": "\(row.kind ?? "")",
                           "warnings": "\(inspection.warnings)"])
        }
        return answer
    }

    /// The dedupe kind: a document flow (`document:0` new … `document:3` replacement) or a status report.
    static func kind(of inspection: Inspection) -> String? {
        switch inspection.message {
        case .document(let packet): "document:\(packet.businessDocType.rawValue)"
        case .status(let status): "status:\(status.statusCode.rawValue):\(status.timestamp)"
        case nil: nil
        }
    }
}
