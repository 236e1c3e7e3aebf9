/// edXML status codes (gói tin trạng thái), two-digit strings on the wire.
public enum StatusCode: String, Codable, Sendable, Hashable, CaseIterable {
    case arrived = "01"            // đã đến
    case rejected = "02"           // từ chối tiếp nhận
    case accepted = "03"           // đã tiếp nhận (vào sổ)
    case assigned = "04"           // phân công
    case processing = "05"         // đang xử lý
    case finished = "06"           // hoàn thành
    case revocationRequested = "13" // lấy lại / yêu cầu thu hồi
    case changeAccepted = "15"     // đồng ý cập nhật / lấy lại
    case changeRejected = "16"     // từ chối cập nhật / lấy lại
}
