import Contracts
import Foundation

/// Where one recipient stands with a recall (thu hồi) of an outgoing document: the 13 asked (`requested`), then the
/// recipient's answer, 15 (đồng ý: it destroyed its copy) or 16 (từ chối, with its reason). Kept beside the delivery
/// state (`recipients.state`), which a recall does not move.
enum RecallState: String, Codable, Sendable {
    case requested
    case agreed = "15"
    case refused = "16"

    init?(answer: StatusCode) {
        switch answer {
        case .changeAccepted: self = .agreed
        case .changeRejected: self = .refused
        default: return nil
        }
    }

    /// Vietnamese label for the clerk's page.
    var label: String {
        switch self {
        case .requested: "Đã yêu cầu thu hồi"
        case .agreed: "Đồng ý thu hồi"
        case .refused: "Từ chối thu hồi"
        }
    }

    /// Which recipients are asked: those the document reached or may have reached (sent, or a status of their own);
    /// one it never left for (queued, failed) has nothing to give back.
    static func asks(deliveryState: String) -> Bool {
        !["queued", "failed"].contains(deliveryState)
    }

    /// The status packet 13 for one recipient: From us, ResponseFor the recipient and our document.
    static func request(
        _ recall: DocumentRecalled, edxmlDocumentId: String, issuedOn: Date?, recipient: Organization, from agency: Organization
    ) -> StatusOutbound {
        StatusOutbound(
            edxmlDocumentId: edxmlDocumentId, documentCode: recall.documentCode, promulgationDate: issuedOn, to: recipient,
            from: agency, status: .revocationRequested, description: recall.reason, staff: recall.staffName ?? recall.requestedBy,
            at: recall.requestedAt)
    }
}
