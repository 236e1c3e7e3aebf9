/// How a person takes part in handling a document.
public enum HandlingRole: String, Codable, Sendable, Hashable {
    case main        // xử lý chính
    case cooperating // phối hợp
    case reader      // nhận để biết
}
