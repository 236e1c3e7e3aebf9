import Contracts
import Foundation
import Storage

/// The processing statuses an incoming document's sender gets back over the axis (edXML status packets):
/// 04 phân công, 05 đang xử lý, 06 hoàn thành. Dispatch turns `status.outbound` into the packet.
enum StatusReply {
    static func make(
        _ doc: IncomingDocument, _ status: StatusCode, from: Organization, staff: String?, at: Date
    ) throws -> StatusOutbound {
        guard let sender = doc.sender, let edxmlId = doc.edxmlDocumentId, let code = doc.documentCode else {
            throw WorkflowError(
                status: .conflict, code: "details_missing",
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
        default: status.rawValue
        }
    }

    /// This agency as the `From` of a status packet: its mã định danh and name from the agencies table.
    static func agency(_ code: String, schema: String, on db: some PGExecutor) async throws -> Organization {
        let name = try await db.query("SELECT name FROM \(identifier: schema).agencies WHERE code = \(code)").rows.first?
            .decode(String.self, "name")
        return Organization(code: code, name: name ?? code)
    }

    /// The name a status packet shows as StaffInfo: the person's full name, or the account.
    static func staff(_ account: String, schema: String, on db: some PGExecutor) async throws -> String {
        try await Directory.user(account, schema: schema, on: db)?.fullName ?? account
    }
}
