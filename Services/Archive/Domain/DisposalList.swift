import Auth
import Contracts
import Foundation

/// A disposal list (danh mục tài liệu hết giá trị): archived dossiers whose retention has run out, destroyed only
/// once the list is approved twice by two different people — never automatically. What was destroyed stays
/// described (code, title, dates, retention, document count) in the list.
struct DisposalList: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable {
        /// Proposed by the archivist, no approval yet.
        case proposed
        /// One approval.
        case approvedOnce
        /// Approved twice: the dossiers are destroyed.
        case executed
    }

    var id: UUID
    var agency: String
    var title: String
    var state: State
    var proposedBy: String
    var proposedAt: Date
    var firstApprover: String?
    var firstApprovedAt: Date?
    /// The first approver's roles when they approved (one of the two approvals must be the head's).
    var firstApproverRoles: [String]?
    var secondApprover: String?
    var secondApprovedAt: Date?
    var items: [DisposalItem]
}

/// What the list says of a dossier, kept after the dossier's documents are gone.
struct DisposalItem: Codable, Sendable, Equatable {
    var dossierId: UUID
    var fileCode: String
    var code: String
    var title: String
    var retentionYears: Int?
    var startedAt: Date
    var closedAt: Date?
    var documentCount: Int
    var expiredAt: Date?
    /// The documents the dossier held when it was destroyed (filled on execution).
    var documents: [DestroyedDocument]?
}

struct DestroyedDocument: Codable, Sendable, Equatable {
    var documentId: UUID
    var code: String?
    var subject: String?
    var documentDate: Date?
}

enum DisposalPolicy {
    /// An archived dossier with a fixed term that has run out; permanent dossiers never are.
    static func expiry(of dossier: Dossier) -> Date? {
        guard let closedAt = dossier.closedAt else { return nil }
        return dossier.retention.expiry(endedAt: closedAt)
    }

    static func mayDispose(_ dossier: Dossier, now: Date) throws {
        guard dossier.state == .archived else {
            throw Refusal.unprocessable(
                "not_archived", "Hồ sơ \(dossier.code) chưa được lưu trữ tiếp nhận hoặc đã hủy",
                "dossier \(dossier.code) is not an archived record (or is already destroyed)")
        }
        guard let expiry = expiry(of: dossier) else {
            throw Refusal.unprocessable(
                "retention_permanent", "Hồ sơ \(dossier.code) bảo quản vĩnh viễn, không được hủy",
                "dossier \(dossier.code) is kept permanently and can never be destroyed")
        }
        guard now >= expiry else {
            throw Refusal.unprocessable(
                "retention_not_expired", "Hồ sơ \(dossier.code) chưa hết thời hạn bảo quản (đến \(VietnamTime.isoDay(expiry)))",
                "dossier \(dossier.code) is kept until \(VietnamTime.isoDay(expiry))")
        }
    }

    /// Approving: the archivist or the head; the second approval by someone else than the first, and one of the two
    /// is the head (thủ trưởng quyết định hủy tài liệu).
    static func mayApprove(_ list: DisposalList, _ identity: Identity) throws {
        guard !identity.roles.isDisjoint(with: [.archivist, .head]) else {
            throw Refusal.forbidden(
                "disposal_approver_only", "Chỉ lưu trữ cơ quan hoặc thủ trưởng được duyệt danh mục hủy",
                "only the archivist or the head approves a disposal list")
        }
        switch list.state {
        case .proposed: return
        case .approvedOnce:
            guard list.firstApprover != identity.account else {
                throw Refusal.conflict(
                    "second_approver_required", "Lần duyệt thứ hai phải do người khác thực hiện",
                    "the second approval must come from another person")
            }
            guard identity.roles.contains(.head) || list.firstApproverWasHead else {
                throw Refusal.forbidden(
                    "head_approval_required", "Một trong hai lần duyệt phải là của thủ trưởng cơ quan",
                    "one of the two approvals must be the head's")
            }
        case .executed:
            throw Refusal.illegal("approve", state: list.state.rawValue, vietnamese: "Danh mục đã được duyệt đủ và thi hành", english: "the list is already executed")
        }
    }
}

extension DisposalList {
    /// Recorded with the first approval: whether it came from the head.
    var firstApproverWasHead: Bool { firstApproverRoles?.contains(Role.head.rawValue) ?? false }
}
