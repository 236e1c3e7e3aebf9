import Contracts
import EdXML
import Foundation

/// The events one accepted delivery publishes for one hosted addressee: the document event and the 01 reply; for a
/// revocation (status 13 or BussinessDocType 1) `document.revoked`, for an update or replacement the new document's
/// `document.received` and the `document.updated` that links it to the earlier ones.
enum IntakeEvents {
    static func envelopes(
        for inspection: Inspection, agency: HostedAgency, packet: BlobRef, correlationId: UUID, documentId: UUID, at now: Date
    ) throws -> [Envelope] {
        guard let message = inspection.message else { return [] }
        switch message {
        case .status(let status) where status.statusCode == .revocationRequested:
            // 13: the sender takes back a document it sent us (From = the sender, ResponseFor = us).
            let event = DocumentRevoked(
                edxmlDocumentId: status.responseFor.documentId ?? "", sender: status.from.organization,
                reason: status.description ?? "", staff: status.staffInfo?.staff, requestedAt: status.timestamp.date,
                packet: packet, receivedAt: now)
            return [try Envelope(event, occurredAt: now, correlationId: correlationId, agency: agency.code)]
        case .status(let status):
            let event = StatusReceived(
                edxmlDocumentId: status.responseFor.documentId ?? "", from: status.from.organization, status: status.statusCode,
                description: status.description ?? "", at: status.timestamp.date, packet: packet)
            return [try Envelope(event, occurredAt: now, correlationId: correlationId, agency: agency.code)]
        case .document(let document):
            let sender = document.header.from.organization
            let edxmlId = inspection.edxmlDocumentId ?? ""
            let business = document.traceHeaderList.business
            let sentAt = document.traceHeaderList.traceHeaders.map(\.timestamp.date).max() ?? now
            var envelopes: [Envelope] = []
            switch document.businessDocType {
            case .new:
                envelopes.append(try Envelope(
                    received(document, inspection: inspection, documentId: documentId, packet: packet, at: now),
                    occurredAt: now, correlationId: correlationId, agency: agency.code))
            case .revoke:
                // Type 1 names the document taken back by its own DocumentId (Bussiness/DocumentId when present).
                let event = DocumentRevoked(
                    edxmlDocumentId: business?.documentId ?? edxmlId, sender: sender,
                    reason: business?.businessDocReason ?? "", staff: business?.staffInfo?.staff, requestedAt: sentAt,
                    packet: packet, receivedAt: now)
                envelopes.append(try Envelope(event, occurredAt: now, correlationId: correlationId, agency: agency.code))
            case .update, .replace:
                // An update or a replacement is a document of its own: registered like any other, linked to the
                // documents it updates or replaces (for this agency: ReplacementInfo lists the receivers it concerns).
                envelopes.append(try Envelope(
                    received(document, inspection: inspection, documentId: documentId, packet: packet, at: now),
                    occurredAt: now, correlationId: correlationId, agency: agency.code))
                let replacing = document.businessDocType == .replace
                let originals = replacing
                    ? (business?.replacementInfoList ?? [])
                        .filter { $0.organIdList.isEmpty || $0.organIdList.contains(agency.code) }.map(\.documentId)
                    : [business?.documentId ?? edxmlId]
                let event = DocumentUpdated(
                    change: replacing ? .replacement : .update, documentId: documentId, edxmlDocumentId: edxmlId,
                    originals: Array(Set(originals)).sorted(), sender: sender, reason: business?.businessDocReason,
                    staff: business?.staffInfo?.staff, packet: packet, receivedAt: now)
                envelopes.append(try Envelope(event, occurredAt: now, correlationId: correlationId, agency: agency.code))
            }
            if let reply = statusOutbound(inspection, agency: agency, at: now) {
                envelopes.append(try Envelope(reply, occurredAt: now, correlationId: correlationId, agency: agency.code))
            }
            return envelopes
        }
    }

    static func received(_ document: EdXMLPacket, inspection: Inspection, documentId: UUID, packet: BlobRef, at now: Date) -> DocumentReceived {
        let h = document.header
        return DocumentReceived(
            documentId: documentId, edxmlDocumentId: inspection.edxmlDocumentId ?? "", sender: h.from.organization,
            codeNumber: h.code.codeNumber, codeNotation: h.code.codeNotation, promulgationDate: h.promulgationInfo.promulgationDate.date,
            documentType: h.documentType?.typeName ?? "", subject: h.subject, priority: min(max(h.otherInfo?.priority ?? 0, 0), 3),
            signerName: h.signerInfo?.fullName, dueDate: h.dueDate?.date, packet: packet, attachments: inspection.attachments,
            receivedAt: now, signer: inspection.signer,
            signatureWarnings: inspection.warnings.filter { $0.hasPrefix("signature") }.nilIfEmpty)
    }

    /// The 01 or 02 reply to the sender; nil when the sender is unknown (unreadable packet) or the packet is itself a status.
    static func statusOutbound(_ inspection: Inspection, agency: HostedAgency, at now: Date) -> StatusOutbound? {
        guard case .document(let document) = inspection.message else { return nil }
        let reply = StatusReply.packet(for: inspection, from: agency, at: now)
        return StatusOutbound(
            edxmlDocumentId: inspection.edxmlDocumentId ?? "", documentCode: reply.responseFor.code ?? "",
            promulgationDate: document.header.promulgationInfo.promulgationDate.date, to: document.header.from.organization,
            from: Organization(code: agency.code, name: agency.name), status: reply.statusCode,
            description: reply.description ?? "", staff: reply.staffInfo?.staff, at: now)
    }
}

extension Array {
    fileprivate var nilIfEmpty: Self? { isEmpty ? nil : self }
}
