import Foundation

/// An electronic dossier (hồ sơ điện tử): opened from the file list or on its own (Sơn La regulation art. 13.4),
/// filled with documents, closed, transferred to the agency archive and, once accepted, a read-only record.
struct Dossier: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable, CaseIterable {
        /// Being filled (đang lập).
        case open
        /// Kết thúc: frozen; may be reopened (logged) until it is submitted.
        case closed
        /// Nộp lưu: waiting for the archivist.
        case submitted
        /// Accepted by the agency archive: a read-only record.
        case archived
        /// Destroyed through an approved disposal list; only its metadata remains.
        case disposed
    }

    var id: UUID
    var agency: String
    /// The file list's year (FileCatalog).
    var year: Int
    /// The file list line it was opened from; nil for a dossier opened on its own.
    var itemId: UUID?
    var code: String
    var title: String
    /// Nil: permanent.
    var retentionYears: Int?
    /// Why the retention differs from its file list line's, when it does.
    var retentionReason: String?
    /// Người lập hồ sơ.
    var creator: String
    var startedAt: Date
    var state: State
    /// Documents filed here automatically when the work does not say which of the creator's dossiers (hồ sơ mặc định).
    var autoFile: Bool
    var closedAt: Date?
    var closedBy: String?
    /// Nộp lưu due (one year after closing), nil when the dossier need not be transferred.
    var transferDue: Date?
    var submittedAt: Date?
    var submittedBy: String?
    /// The archivist's reasons the last time the transfer was returned (trả lại).
    var returnedReasons: [String]?
    var returnedBy: String?
    var returnedAt: Date?
    /// FileCode of Phụ lục VI: `agency.year.code`, given on acceptance.
    var archiveReference: String?
    var acceptedBy: String?
    var acceptedAt: Date?
    /// The accepted record: metadata, documents and their signatures' validation data (JSON in the blob store).
    var packageSha256: String?
    var documentCount: Int

    var retention: Retention { Retention(years: retentionYears) }

    /// `000.00.00.H52.2026.01.TCCB` (Phụ lục VI II.III, FileCode = OrganId.FileCatalog.FileNotation).
    var fileCode: String { "\(agency).\(year).\(code)" }
}

/// A document filed in a dossier: a reference, never a copy, so one document sits in several dossiers.
struct DossierEntry: Codable, Sendable, Equatable {
    /// Số thứ tự văn bản trong hồ sơ, given by the system in filing order.
    var ordinal: Int
    var document: ArchivedDocument
    var filedAt: Date
    var filedBy: String
    /// `manual`, or the event that filed it: `task.completed`, `document.sealed`, `answer`.
    var filedHow: String
}

/// One line of a dossier's history (who did what and when): opening, filing, closing, reopening, transfer…
struct DossierLogEntry: Codable, Sendable, Equatable {
    var action: String
    var actor: String
    var at: Date
    var details: [String: String]
}
