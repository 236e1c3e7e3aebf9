import Auth
import Contracts
import Foundation

/// Who may do what with the file list and dossiers, and in which state. Pure rules; each throws the refusal the API
/// answers with.
enum DossierPolicy {
    /// The file list is drafted by the clerk or the archivist (văn thư, lưu trữ) and approved by the head.
    static func mayEditFileList(_ identity: Identity) throws {
        guard !identity.roles.isDisjoint(with: [.clerk, .archivist, .head]) else {
            throw Refusal.forbidden(
                "file_list_editor_only", "Chỉ văn thư, lưu trữ hoặc thủ trưởng được lập danh mục hồ sơ",
                "only the clerk, the archivist or the head drafts the file list")
        }
    }

    static func mayApproveFileList(_ identity: Identity) throws {
        guard identity.roles.contains(.head) else {
            throw Refusal.forbidden("head_only", "Chỉ thủ trưởng cơ quan duyệt danh mục hồ sơ", "only the head approves the file list")
        }
    }

    /// The person who keeps the dossier (người lập hồ sơ) manages it; the head may act for them.
    static func mayManage(_ dossier: Dossier, _ identity: Identity) throws {
        guard dossier.creator == identity.account || identity.roles.contains(.head) else {
            throw Refusal.forbidden(
                "not_dossier_keeper", "Chỉ người lập hồ sơ (hoặc thủ trưởng) được thao tác trên hồ sơ này",
                "only the dossier's keeper (or the head) may change this dossier")
        }
    }

    /// Documents go in and out only while the dossier is open: a closed dossier is frozen.
    static func mayChangeDocuments(_ dossier: Dossier) throws {
        guard dossier.state == .open else {
            throw Refusal.illegal(
                "file", state: dossier.state.rawValue, vietnamese: "Hồ sơ đã kết thúc, không thể thêm hoặc bớt văn bản",
                english: "the dossier is closed: documents can no longer be added or removed")
        }
    }

    static func mayClose(_ dossier: Dossier) throws {
        guard dossier.state == .open else {
            throw Refusal.illegal("close", state: dossier.state.rawValue, vietnamese: "Hồ sơ không ở trạng thái đang lập", english: "the dossier is not open")
        }
    }

    /// A closed dossier may be reopened until it is submitted (and after the archive returned it).
    static func mayReopen(_ dossier: Dossier) throws {
        guard dossier.state == .closed else {
            throw Refusal.illegal(
                "reopen", state: dossier.state.rawValue, vietnamese: "Chỉ mở lại được hồ sơ đã kết thúc và chưa nộp lưu",
                english: "only a closed dossier that is not submitted can be reopened")
        }
    }

    /// Retention is set while the dossier is kept by its unit (reviewed at closing); the archive's record is frozen.
    static func mayChangeRetention(_ dossier: Dossier) throws {
        guard dossier.state == .open || dossier.state == .closed else {
            throw Refusal.illegal(
                "retention", state: dossier.state.rawValue, vietnamese: "Hồ sơ đã nộp lưu, không thể đổi thời hạn bảo quản",
                english: "the dossier has been transferred: its retention is frozen")
        }
    }

    /// A retention other than the file list line's needs a reason.
    static func retentionReason(_ new: Retention, listed: Retention?, reason: String?) throws -> String? {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let listed, listed != new else { return reason?.isEmpty == false ? reason : nil }
        guard let reason, !reason.isEmpty, reason.count <= 1000 else {
            throw Refusal.unprocessable(
                "retention_reason_required",
                "Thời hạn bảo quản khác với danh mục hồ sơ (\(listed.display)): cần ghi lý do",
                "the retention differs from the file list's (\(listed.years.map { "\($0) years" } ?? "permanent")): a reason is required")
        }
        return reason
    }

    static func maySubmit(_ dossier: Dossier) throws {
        guard dossier.state == .closed else {
            throw Refusal.illegal(
                "submit", state: dossier.state.rawValue, vietnamese: "Chỉ nộp lưu được hồ sơ đã kết thúc",
                english: "only a closed dossier can be transferred")
        }
        guard dossier.documentCount > 0 else {
            throw Refusal.unprocessable("dossier_empty", "Hồ sơ không có văn bản nào", "the dossier has no documents")
        }
    }

    /// The agency archive (lưu trữ cơ quan) checks and accepts or returns transfers (art. 14.3).
    static func archivist(_ identity: Identity) throws {
        guard identity.roles.contains(.archivist) else {
            throw Refusal.forbidden(
                "archivist_only", "Chỉ người làm lưu trữ cơ quan được thực hiện thao tác này", "only the agency's archivist may do this")
        }
    }

    static func mayDecideTransfer(_ dossier: Dossier) throws {
        guard dossier.state == .submitted else {
            throw Refusal.illegal(
                "decide", state: dossier.state.rawValue, vietnamese: "Hồ sơ không ở trạng thái chờ lưu trữ tiếp nhận",
                english: "the dossier is not waiting for the archive")
        }
    }

    /// Reasons for returning a transfer: at least one, each said in words.
    static func reasons(_ reasons: [String]) throws -> [String] {
        let cleaned = reasons.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !cleaned.isEmpty, cleaned.count <= 50, cleaned.allSatisfy({ $0.count <= 1000 }) else {
            throw Refusal.unprocessable(
                "reasons_required", "Cần ghi lý do trả lại hồ sơ (1–50 lý do, mỗi lý do tối đa 1000 ký tự)",
                "give the reasons for returning the dossier (1–50, each at most 1000 characters)")
        }
        return cleaned
    }

    static func text(_ value: String?, field: String, max: Int) throws -> String {
        let v = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !v.isEmpty, v.count <= max else {
            throw Refusal.badRequest("\(field)_required", "Cần nhập '\(field)' (tối đa \(max) ký tự)", "'\(field)' is required (at most \(max) characters)")
        }
        return v
    }
}
