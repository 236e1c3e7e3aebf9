import Contracts
import EdXML
import Foundation

/// The events one accepted delivery publishes for one hosted addressee: the document event and the 01 reply.
enum IntakeEvents {
    static func envelopes(
        for inspection: Inspection, agency: HostedAgency, packet: BlobRef, correlationId: UUID, documentId: UUID, at now: Date
    ) throws -> [Envelope] {
        guard let message = inspection.message else { return [] }
        switch message {
        case .status(let status):
            let event = StatusReceived(
                edxmlDocumentId: status.responseFor.documentId ?? "", from: status.from.organization, status: status.statusCode,
                description: status.description ?? "", at: status.timestamp.date, packet: packet)
            return [try Envelope(event, occurredAt: now, correlationId: correlationId, agency: agency.code)]
        case .document(let document):
            let sender = document.header.from.organization
            let edxmlId = inspection.edxmlDocumentId ?? ""
            let business = document.traceHeaderList.business
            var envelopes: [Envelope] = []
            switch document.businessDocType {
            case .new:
                envelopes.append(try Envelope(
                    received(document, inspection: inspection, documentId: documentId, packet: packet, at: now),
                    occurredAt: now, correlationId: correlationId, agency: agency.code))
            case .revoke:
                let event = DocumentRevoked(
                    edxmlDocumentId: business?.documentId ?? edxmlId, sender: sender,
                    reason: business?.businessDocReason ?? "", packet: packet, receivedAt: now)
                envelopes.append(try Envelope(event, occurredAt: now, correlationId: correlationId, agency: agency.code))
            case .update, .replace:
                let replacing = document.businessDocType == .replace
                let event = DocumentUpdated(
                    change: replacing ? .replacement : .update,
                    edxmlDocumentId: replacing ? edxmlId : (business?.documentId ?? edxmlId),
                    replaces: replacing ? (business?.replacementInfoList.map(\.documentId) ?? []) : [],
                    sender: sender, reason: business?.businessDocReason, packet: packet, receivedAt: now)
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
