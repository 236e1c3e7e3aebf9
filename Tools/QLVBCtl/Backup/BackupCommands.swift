import ArgumentParser
import Foundation

/// `qlvbctl backup …`: the daily backup (sao lưu hằng ngày, regulation art. 16.2) of every schema and the blob store.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and verify backups of every service's schema and of the blob store.",
        discussion: """
            A backup is a directory BACKUP_DIR/<UTC time>/ with db/<schema>.dump (pg_dump, custom format, one per
            schema, all from one exported snapshot), blobs/ab/cd/<sha256> (blobs already in the previous backup are
            hard links to it, so only new blobs are copied), blobs.sha256 and manifest.json (rows and a checksum per
            table, SHA-256 per dump). See docs/operations.md.
            """,
        subcommands: [Create.self, List.self, Verify.self])
}

extension Backup {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Back up every schema and the blob store, then remove backups older than --keep-days.")
        @OptionGroup var installation: InstallationOptions
        @OptionGroup var backups: BackupDirectoryOption
        @Option(help: "Keep backups this many days (the newest is always kept); else QLVB_BACKUP_KEEP_DAYS, else 14.") var keepDays: Int?

        func run() async throws {
            let root = try backups.directory()
            let url = try installation.database()
            let blobRoot = try installation.blobs()
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let manifest = try await BackupCreator(root: root, databaseURL: url, blobRoot: blobRoot).create()
            print("backup \(manifest.id): \(manifest.schemas.count) schemas, \(manifest.tables.count) tables, "
                + "\(manifest.tables.reduce(0) { $0 + $1.rows }) rows, \(manifest.blobs.count) blobs "
                + "(\(manifest.blobs.copied) copied, \(manifest.blobs.linked) linked to the previous backup)")
            let days = keepDays ?? ProcessInfo.processInfo.environment["QLVB_BACKUP_KEEP_DAYS"].flatMap(Int.init) ?? 14
            for removed in try BackupPruner.prune(root, keepDays: days) { print("removed \(removed) (older than \(days) days)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List complete backups, oldest first.")
        @OptionGroup var backups: BackupDirectoryOption
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let root = try backups.directory()
            let rows = try completeBackups(in: root).map { try BackupSummary(id: $0, manifest: BackupManifest.read(from: root.appendingPathComponent($0))) }
            if json {
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                return print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            }
            print("ID                 CREATED (UTC)          SCHEMAS  TABLES        ROWS    BLOBS   BLOB BYTES  NEW BLOBS")
            for r in rows {
                print([r.id.padding(toLength: 18, withPad: " ", startingAt: 0), ISO8601DateFormatter().string(from: r.createdAt).padding(toLength: 22, withPad: " ", startingAt: 0),
                       pad(r.schemas, 7), pad(r.tables, 7), pad(Int(r.rows), 11), pad(r.blobs, 8), pad(Int(r.blobBytes), 12), pad(r.newBlobs, 10)].joined(separator: " "))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a backup: every dump's SHA-256 and table of contents, every blob's SHA-256, nothing missing or extra.")
        @OptionGroup var backups: BackupDirectoryOption
        @Argument(help: "Backup id (default: the newest).") var id: String?

        func run() async throws {
            let root = try backups.directory()
            guard let id = id ?? completeBackups(in: root).last else { throw CLIError("no backup in \(root.path)") }
            let problems = try await BackupVerifier.verify(root.appendingPathComponent(id))
            if problems.isEmpty { return print("backup \(id): OK") }
            for p in problems { print(p) }
            throw ExitCode(1)
        }
    }
}

/// `qlvbctl restore`: a backup into an empty installation (empty database, empty blob root).
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup into an empty database and an empty blob root, then compare every table and blob.",
        discussion: """
            Refuses a database that has any table, sequence or view outside PostgreSQL's own schemas, and a blob root
            that holds any file. The services' roles must exist (infra/postgres/install on the new server first).
            """)
    @OptionGroup var installation: InstallationOptions
    @OptionGroup var backups: BackupDirectoryOption
    @Argument(help: "Backup id (default: the newest).") var id: String?

    func run() async throws {
        let root = try backups.directory()
        guard let id = id ?? completeBackups(in: root).last else { throw CLIError("no backup in \(root.path)") }
        let report = try await BackupRestorer(backup: root.appendingPathComponent(id), databaseURL: try installation.database(), blobRoot: try installation.blobs()).restore()
        print("restored \(id): \(report.tables) tables, \(report.rows) rows, \(report.blobs) blobs")
        if report.differences.isEmpty { return print("compared: every table's rows and checksum and every blob's SHA-256 equal the backup's") }
        for d in report.differences { print("DIFFERS: \(d)") }
        throw ExitCode(1)
    }
}

struct BackupSummary: Encodable {
    var id: String
    var createdAt: Date
    var schemas: Int
    var tables: Int
    var rows: Int64
    var blobs: Int
    var blobBytes: Int64
    var newBlobs: Int

    init(id: String, manifest m: BackupManifest) {
        self.id = id
        createdAt = m.createdAt
        schemas = m.schemas.count
        tables = m.tables.count
        rows = m.tables.reduce(0) { $0 + $1.rows }
        blobs = m.blobs.count
        blobBytes = m.blobs.bytes
        newBlobs = m.blobs.copied
    }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: " ", count: max(0, width - s.count)) + s
}
