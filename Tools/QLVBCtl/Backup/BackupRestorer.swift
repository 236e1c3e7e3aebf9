import Foundation
import Storage

#if canImport(Glibc)
import Glibc
#endif

/// Restores one backup into an empty installation and compares the result with the backup's manifest.
struct BackupRestorer {
    let backup: URL
    let databaseURL: String
    let blobRoot: String

    struct Report { var tables = 0; var rows: Int64 = 0; var blobs = 0; var differences: [String] = [] }

    func restore() async throws -> Report {
        let manifest = try BackupManifest.read(from: backup)
        let client = pgClient(databaseURL)
        defer { Task { await client.shutdown() } }

        // Refuse before writing anything: a restore never merges into a live installation.
        let existing = try await DatabaseInventory.userTableCount(client)
        guard existing == 0 else {
            throw CLIError("refused: the database \(redacted(databaseURL)) is not empty (\(existing) tables, sequences or views); restore goes into an empty installation only")
        }
        let present = BlobTree.allFiles(root: blobRoot)
        guard present.isEmpty else { throw CLIError("refused: the blob root \(blobRoot) is not empty (\(present.count) files)") }
        for schema in manifest.schemas {
            let digest = try HashingCopy.hash(backup.appendingPathComponent(schema.dump).path)
            guard digest.sha256 == schema.sha256 else { throw CLIError("refused: \(schema.dump) does not match its SHA-256 in the manifest") }
        }

        // Schemas with their owners, then the extensions they use, then each dump without its CREATE SCHEMA.
        for schema in manifest.schemas {
            let name = PGQuery.quoteIdentifier(schema.name)
            let owner = PGQuery.quoteIdentifier(schema.owner)
            do {
                _ = try await client.query(PGQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(name) AUTHORIZATION \(owner)"))
            } catch {
                throw CLIError("cannot create schema \(schema.name) owned by \(schema.owner) (run infra/postgres/install on the new server first): \(error)")
            }
        }
        for ext in manifest.extensions {
            _ = try await client.query(PGQuery(unsafeSQL: "CREATE EXTENSION IF NOT EXISTS \(PGQuery.quoteIdentifier(ext.name)) WITH SCHEMA \(PGQuery.quoteIdentifier(ext.schema))"))
        }
        let scratch = FileManager.default.temporaryDirectory
        let progress = ProgressBar("database", total: Int64(manifest.schemas.count))
        for schema in manifest.schemas {
            try await PostgresTools.restore(url: databaseURL, dump: backup.appendingPathComponent(schema.dump).path, scratch: scratch)
            progress.add(bytes: 1)
            progress.fileDone()
        }
        progress.finish()

        var report = Report()
        try restoreBlobs(manifest, into: &report)
        let restored = try await client.withTransaction { tx in
            try await DatabaseInventory.tables(tx, schemas: manifest.schemas.map(\.name))
        }
        report.tables = restored.count
        report.rows = restored.reduce(0) { $0 + $1.rows }
        report.differences += Self.compare(manifest.tables, restored)
        return report
    }

    /// Blobs as the store writes them: 0400 files in 0700 directories, each hashed while copied.
    private func restoreBlobs(_ manifest: BackupManifest, into report: inout Report) throws {
        try FileManager.default.createDirectory(atPath: blobRoot + "/tmp", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let progress = ProgressBar("blobs   ", total: manifest.blobs.bytes)
        for line in try LineReader(path: backup.appendingPathComponent(manifest.blobs.list).path) {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, HashingCopy.isSHA256(String(parts[0])) else { continue }
            let sha256 = String(parts[0])
            let relative = BlobTree.relativePath(sha256)
            let target = blobRoot + "/" + relative
            try BlobTree.makeParent(of: target)
            let result = try HashingCopy.copy(backup.path + "/blobs/" + relative, to: target, mode: 0o400) { progress.add(bytes: $0) }
            if result.sha256 != sha256 { report.differences.append("blob \(sha256): restored bytes hash to \(result.sha256)") }
            report.blobs += 1
            progress.fileDone()
        }
        progress.finish()
        if report.blobs != manifest.blobs.count { report.differences.append("blobs: \(report.blobs) restored, manifest \(manifest.blobs.count)") }
    }

    static func compare(_ expected: [BackupManifest.Table], _ actual: [BackupManifest.Table]) -> [String] {
        var out: [String] = []
        let byName = Dictionary(actual.map { ("\($0.schema).\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        for table in expected {
            let key = "\(table.schema).\(table.name)"
            guard let got = byName[key] else { out.append("\(key): missing"); continue }
            if got.rows != table.rows { out.append("\(key): \(got.rows) rows, backup \(table.rows)") }
            else if got.checksum != table.checksum { out.append("\(key): checksum \(got.checksum), backup \(table.checksum)") }
        }
        let known = Set(expected.map { "\($0.schema).\($0.name)" })
        for table in actual where !known.contains("\(table.schema).\(table.name)") { out.append("\(table.schema).\(table.name): not in the backup") }
        return out
    }
}
