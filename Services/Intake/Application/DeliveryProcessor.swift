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

/// Takes one packet file from the axis to its answer: raw packet into the blob store, validation, then the
/// delivery log row, the dedupe keys and the outbox events in one transaction — shared with the deliveries
/// that arrive meanwhile (group commit), so concurrent deliveries cost one commit.
struct DeliveryProcessor: Sendable {
    let settings: IntakeSettings
    let database: PGClient
    let outbox: Outbox
    let blobs: FileBlobStore
    let log: DeliveryLog
    let logger: Logger
    /// Each batch of the group commit is one unit of work; the relay is woken once the caller's batch committed.
    private let work: UnitOfWork
    private let writer: PGGroupCommit<DeliveryWrite, DeliveryAnswer>

    init(settings: IntakeSettings, database: PGClient, outbox: Outbox, blobs: FileBlobStore, logger: Logger) {
        self.settings = settings
        self.database = database
        self.outbox = outbox
        self.blobs = blobs
        let log = DeliveryLog(schema: outbox.schema)
        self.log = log
        self.logger = logger
        let work = UnitOfWork(database: database, outbox: outbox)
        self.work = work
        writer = PGGroupCommit(database: database) { writes, tx in try await DeliveryWrite.write(writes, log: log, work: work, in: tx) }
    }

    /// - Parameters:
    ///   - source: where the packet came from (`http`, `poll:<cursor>`), for the log.
    ///   - refusal: a refusal decided before parsing (body over the size limit).
    func process(file: URL, source: String, refusal: IntakeRefusal? = nil) async throws -> DeliveryAnswer {
        try await process(packet: try await blobs.put(contentsOf: file, mediaType: "application/xml"), source: source, refusal: refusal)
    }

    /// The same for a packet already in the blob store (an HTTP body streams there directly).
    func process(packet: BlobRef, source: String, refusal: IntakeRefusal? = nil) async throws -> DeliveryAnswer {
        let file = try blobs.fileURL(for: packet)
        let inspection = if let refusal { Inspection.refused(refusal) } else {
            try await PacketInspector(settings: settings, blobs: blobs).inspect(file)
        }
        let now = Date()
        let answering = inspection.addressees.first ?? settings.agencies[0]
        let xml = StatusReply.xml(for: inspection, from: answering, at: now)
        let deliveryId = UUID()
        let row = DeliveryLog.Row(
            id: deliveryId, source: source, packetSHA256: packet.sha256, packetSize: packet.size, kind: Self.kind(of: inspection),
            sender: inspection.sender?.organId, edxmlDocumentId: inspection.edxmlDocumentId,
            verdict: inspection.accepted ? "accepted" : "refused", reasonCode: inspection.refusal?.code,
            reason: inspection.refusal.map { "\($0.vietnamese) | \($0.english)" }, answerStatus: inspection.accepted ? 202 : 422,
            answerXML: String(decoding: xml, as: UTF8.self))
        var write = DeliveryWrite(row: row, answer: DeliveryAnswer(httpStatus: row.answerStatus, xml: xml, reasonCode: row.reasonCode, duplicate: false))
        if inspection.accepted, let sender = inspection.sender?.organId, let edxmlId = inspection.edxmlDocumentId, let kind = row.kind {
            for agency in inspection.addressees {
                let documentId = UUID()
                write.claims.append(DeliveryLog.Claim(
                    agency: agency.code, sender: sender, edxmlDocumentId: edxmlId, kind: kind, delivery: deliveryId, document: documentId))
                write.envelopesIfClaimed.append(try IntakeEvents.envelopes(
                    for: inspection, agency: agency, packet: packet, correlationId: UUID(), documentId: documentId, at: now))
            }
        } else if let reply = IntakeEvents.statusOutbound(inspection, agency: answering, at: now) {
            // The 02 reply goes to the sender through the status path too (when the sender could be read).
            write.envelopes = [try Envelope(reply, occurredAt: now, agency: answering.code)]
        }

        let answer = try await writer.submit(write)
        work.committed()
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
