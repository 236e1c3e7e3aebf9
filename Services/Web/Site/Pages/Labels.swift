/// The workflow's states and roles in the words of the office.
enum Labels {
    static func documentState(_ s: String?) -> String {
        switch s {
        case "registered": "Đã vào sổ, chờ trình"
        case "submitted": "Đã trình, chờ phân công"
        case "assigned": "Đã phân công"
        case "processing": "Đang xử lý"
        case "completed": "Đã hoàn thành"
        case "revoked": "Nơi gửi đã thu hồi"
        default: s ?? ""
        }
    }

    static func taskRole(_ s: String?) -> String {
        switch s {
        case "main": "Xử lý chính"
        case "cooperating": "Phối hợp"
        case "reader": "Nhận để biết"
        default: s ?? ""
        }
    }

    static func taskState(_ s: String?) -> String {
        switch s {
        case "assigned": "Mới giao"
        case "accepted": "Đang xử lý"
        case "completed": "Đã hoàn thành"
        case "withdrawn": "Đã thu hồi"
        case "passed_on": "Đã giao lại trong phòng"
        default: s ?? ""
        }
    }

    static func draftState(_ s: String?) -> String {
        switch s {
        case "drafting": "Đang soạn"
        case "submitted": "Đã trình"
        case "returned": "Bị trả lại"
        case "forwarded": "Đã chuyển thủ trưởng"
        case "approved": "Đã duyệt, chờ ký số"
        case "issued": "Đã ban hành"
        default: s ?? ""
        }
    }

    static func commentKind(_ s: String?) -> String {
        switch s {
        case "comment": "Góp ý"
        case "returned": "Trả lại"
        case "forwarded": "Chuyển thủ trưởng"
        case "approved": "Duyệt"
        default: s ?? ""
        }
    }

    static func priority(_ p: Int?) -> String? {
        switch p {
        case 1: "Khẩn"
        case 2: "Thượng khẩn"
        case 3: "Hỏa tốc"
        default: nil
        }
    }

    static func delegationStatus(_ s: String?) -> String {
        switch s {
        case "requested": "Chờ duyệt"
        case "approved": "Đã duyệt"
        case "refused": "Bị từ chối"
        case "revoked": "Đã thu hồi"
        default: s ?? ""
        }
    }
}
