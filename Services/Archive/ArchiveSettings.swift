import Foundation
import ServiceKit

/// The archive service's own configuration (`QLVB_ARCHIVE_*`).
///
/// | Variable | Meaning |
/// |---|---|
/// | `QLVB_ARCHIVE_TRANSFER_REMINDER_DAYS` | How many days before a closed dossier's nộp lưu falls due it shows as due soon in the archivist's and the keeper's lists, and when `dossier.transfer_due` tells the keeper (default 30, Decree 30 Phụ lục VI IV.1.g). |
struct ArchiveSettings: Sendable {
    var reminderDays = 30

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> ArchiveSettings {
        var env = EnvironmentReader(environment)
        let days = env.int(EnvironmentReader.name(service: "archive", "TRANSFER_REMINDER_DAYS"), default: 30, range: 1...365)
        try env.finish()
        return ArchiveSettings(reminderDays: days)
    }
}
