import ArgumentParser
import Foundation
import Logging
import Storage

/// Where the installation's data and its backups are; each option falls back to the environment the services use.
struct InstallationOptions: ParsableArguments {
    @Option(help: "Database URL of a role that may read (backup) or create (restore) every schema; else QLVB_DB_ADMIN_URL, else QLVB_PG_URL.")
    var databaseURL: String?
    @Option(help: "Root of the blob store; else QLVB_BLOB_ROOT.") var blobRoot: String?

    func database() throws -> String {
        let env = ProcessInfo.processInfo.environment
        guard let url = databaseURL ?? env["QLVB_DB_ADMIN_URL"] ?? env["QLVB_PG_URL"], !url.isEmpty else {
            throw CLIError("a database URL is needed: --database-url, QLVB_DB_ADMIN_URL or QLVB_PG_URL")
        }
        return url
    }

    func blobs() throws -> String {
        guard let root = blobRoot ?? ProcessInfo.processInfo.environment["QLVB_BLOB_ROOT"], !root.isEmpty else {
            throw CLIError("the blob store's root is needed: --blob-root or QLVB_BLOB_ROOT")
        }
        return URL(fileURLWithPath: root).standardizedFileURL.path
    }
}

struct BackupDirectoryOption: ParsableArguments {
    @Option(help: "Directory holding the backups, one sub-directory each; else QLVB_BACKUP_DIR.") var backupDir: String?

    func directory() throws -> URL {
        guard let dir = backupDir ?? ProcessInfo.processInfo.environment["QLVB_BACKUP_DIR"], !dir.isEmpty else {
            throw CLIError("the backup directory is needed: --backup-dir or QLVB_BACKUP_DIR")
        }
        return URL(fileURLWithPath: dir).standardizedFileURL
    }
}

func pgClient(_ url: String) -> PGClient {
    var logger = Logger(label: "qlvbctl")
    logger.logLevel = .warning
    return PGClient(url: url, maxConnections: 2, logger: logger)
}

/// Complete backups in `dir` (a manifest, no `.partial` suffix), oldest first; ids are UTC times and sort as such.
func completeBackups(in dir: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
        .filter { !$0.hasSuffix(".partial") && FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).appendingPathComponent(BackupManifest.fileName).path) }
        .sorted()
}
