import Contracts
import EdXML
import Foundation

/// Turns a `status.outbound` event into the edXML status packet (gói tin trạng thái) the
/// sender's system expects: From = us, ResponseFor = the document and its sender.
enum StatusPacketBuilder {
    static func packet(for s: StatusOutbound) -> EdXMLStatusPacket {
        EdXMLStatusPacket(
            from: EdXMLOrganization(organId: s.from.code, organName: s.from.name),
            responseFor: EdXMLResponseFor(
                organId: s.to.code, code: s.documentCode,
                promulgationDate: s.promulgationDate.map { EdXMLTimestamp($0).day }, documentId: s.edxmlDocumentId),
            staffInfo: s.staff.map { EdXMLStaffInfo(staff: $0) },
            statusCode: s.status, description: s.description, timestamp: EdXMLTimestamp(s.at))
    }
}
