import Contracts
import EdXML
import Foundation

/// The status packet intake answers a delivery with: 01 (đã đến) or 02 (từ chối tiếp nhận, with the reason).
enum StatusReply {
    /// Stand-in ResponseFor/OrganId when the sender could not be read from the packet.
    static let unknownSender = "000.00.00.000"
    /// Stand-in ResponseFor/Code and DocumentId when the packet could not be read: the axis requires both.
    static let unknownDocument = "không xác định (unreadable packet)"

    static func packet(for inspection: Inspection, from agency: HostedAgency, at date: Date = Date()) -> EdXMLStatusPacket {
        let status: StatusCode = inspection.accepted ? .arrived : .rejected
        let description = inspection.refusal?.statusDescription ?? "Văn bản điện tử đã đến hệ thống của \(agency.name)"
        var responseFor = EdXMLResponseFor(organId: unknownSender, code: unknownDocument, documentId: unknownDocument)
        switch inspection.message {
        case .document(let packet):
            let h = packet.header
            responseFor = EdXMLResponseFor(
                organId: h.from.organId, code: "\(h.code.codeNumber)/\(h.code.codeNotation)",
                promulgationDate: h.promulgationInfo.promulgationDate, documentId: inspection.edxmlDocumentId)
        case .status(let status):
            responseFor = EdXMLResponseFor(
                organId: status.from.organId, code: status.responseFor.code, documentId: status.responseFor.documentId ?? unknownDocument)
        case nil: break
        }
        if !EdXMLOrganization.isValidCode(responseFor.organId) { responseFor.organId = unknownSender }
        return EdXMLStatusPacket(
            from: EdXMLOrganization(organId: agency.code, organizationInCharge: agency.name, organName: agency.name),
            responseFor: responseFor, staffInfo: EdXMLStaffInfo(department: "Văn thư", staff: "Hệ thống QLVB"),
            statusCode: status, description: description, timestamp: EdXMLTimestamp(date))
    }

    static func xml(for inspection: Inspection, from agency: HostedAgency, at date: Date = Date()) -> Data {
        var reply = packet(for: inspection, from: agency, at: date)
        if let data = try? EdXMLWriter().data(for: reply) { return data }
        // Only lengths and codes can fail validation; the fallback keeps the answer well-formed.
        reply.description = String((reply.description ?? "").prefix(500))
        reply.responseFor = EdXMLResponseFor(organId: unknownSender, code: unknownDocument, documentId: unknownDocument)
        return (try? EdXMLWriter().data(for: reply)) ?? Data()
    }
}
