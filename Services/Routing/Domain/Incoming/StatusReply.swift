import Contracts
import Foundation

/// The processing statuses an incoming document's sender gets back over the axis (edXML status packets):
/// 04 phân công, 05 đang xử lý, 06 hoàn thành; 15/16 the answer to a revocation. Dispatch turns `status.outbound` into the packet.
enum StatusReply {
    static func make(
        _ doc: IncomingDocument, _ status: StatusCode, from: Organization, staff: String?, at: Date
    ) throws -> StatusOutbound {
        guard let sender = doc.sender, let edxmlId = doc.edxmlDocumentId, let code = doc.documentCode else {
            throw Refusal(.conflict, code: "details_missing",
                vietnamese: "Chưa nhận được thông tin gói tin của văn bản (nơi gửi, số/ký hiệu) nên chưa gửi được trạng thái",
                english: "the document's packet details (sender, number) have not arrived yet, so no status can be sent")
        }
        return StatusOutbound(
            edxmlDocumentId: edxmlId, documentCode: code, promulgationDate: doc.promulgationDate, to: sender, from: from,
            status: status, description: description(status), staff: staff, at: at)
    }

    static func description(_ status: StatusCode) -> String {
        switch status {
        case .assigned: "Lãnh đạo: Phân công xử lý"
        case .processing: "Đang xử lý"
        case .finished: "Hoàn thành xử lý"
        case .changeAccepted: "Đồng ý thu hồi văn bản điện tử"
        case .changeRejected: "Từ chối thu hồi văn bản điện tử"
        default: status.rawValue
        }
    }
}
