import Auth
import Contracts
import Foundation

/// Adds a line to the agency's file list for a year (lập danh mục hồ sơ).
struct AddFileListItem: Sendable {
    var year: Int
    var heading: String
    var code: String
    var title: String
    var retention: Retention
    var responsible: String?
    var note: String?

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> FileListItem {
        try DossierPolicy.mayEditFileList(identity)
        let code = code.trimmingCharacters(in: .whitespaces)
        guard DossierCode.isValid(code) else {
            throw Refusal.badRequest(
                "code_invalid", "Số và ký hiệu hồ sơ có dạng số thứ tự và chữ viết tắt đề mục, ví dụ 01.TCCB",
                "a dossier code is an ordinal and the heading's abbreviation, e.g. 01.TCCB")
        }
        let item = FileListItem(
            id: UUID(), agency: identity.agency, year: year, heading: try DossierPolicy.text(heading, field: "heading", max: 300),
            code: code, title: try DossierPolicy.text(title, field: "title", max: 500), retentionYears: retention.years,
            responsible: responsible?.trimmingCharacters(in: .whitespaces).nilIfEmpty, note: note?.nilIfEmpty, createdBy: identity.account,
            createdAt: ctx.now())
        let added = try await ctx.work.run { tx, _ in
            try await ctx.fileList.approvedBy(agency: identity.agency, year: year, executor: tx) == nil
                ? try await ctx.fileList.add(item, in: tx) : nil
        }
        switch added {
        case nil:
            throw Refusal.conflict(
                "file_list_approved", "Danh mục hồ sơ năm \(year) đã được duyệt, không thể thêm", "the \(year) file list is approved: it is frozen")
        case false?:
            throw Refusal.conflict("code_taken", "Danh mục năm \(year) đã có hồ sơ số \(code)", "the \(year) file list already has \(code)")
        case true?:
            return item
        }
    }
}

/// The head approves the year's file list (ban hành danh mục hồ sơ); it is frozen from then on.
struct ApproveFileList: Sendable {
    var year: Int

    func run(_ ctx: ArchiveContext, by identity: Identity) async throws -> FileList {
        try DossierPolicy.mayApproveFileList(identity)
        return try await ctx.work.run { tx, _ in
            try await ctx.fileList.approve(agency: identity.agency, year: year, by: identity.account, at: ctx.now(), in: tx)
            return try await ctx.fileList.list(agency: identity.agency, year: year, executor: tx)
        }
    }
}

extension String {
    var nilIfEmpty: String? {
        let t = trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}
