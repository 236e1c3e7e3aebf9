import Contracts
import EdXML
import Foundation

/// What intake learned from one packet: the parsed message (when it could be read) and the verdict.
struct Inspection: Sendable {
    /// Nil when the packet could not be read at all.
    var message: EdXMLMessage?
    /// Hosted agencies the packet is for: the To list of a document, ResponseFor of a status packet.
    var addressees: [HostedAgency]
    /// Attachments as stored in the blob store (empty for an offline check).
    var attachments: [AttachmentRef]
    /// Certificate subject of a valid XML signature.
    var signer: String?
    /// What was let through but deserves a look (an SDK-style signature that does not verify).
    var warnings: [String] = []
    var refusal: IntakeRefusal?

    var accepted: Bool { refusal == nil }

    var sender: EdXMLOrganization? {
        switch message {
        case .document(let packet): packet.header.from
        case .status(let status): status.from
        case nil: nil
        }
    }

    /// The sender's DocumentId, or the fallback triple of Decree 30 Phụ lục VI III.1(h).
    var edxmlDocumentId: String? {
        switch message {
        case .document(let packet):
            let h = packet.header
            return h.documentId ?? "\(h.from.organId),\(h.promulgationInfo.promulgationDate),\(h.code.codeNumber)/\(h.code.codeNotation)"
        case .status(let status): return status.responseFor.documentId
        case nil: return nil
        }
    }

    static func refused(_ refusal: IntakeRefusal, message: EdXMLMessage? = nil, addressees: [HostedAgency] = []) -> Inspection {
        Inspection(message: message, addressees: addressees, attachments: [], signer: nil, warnings: [], refusal: refusal)
    }
}
