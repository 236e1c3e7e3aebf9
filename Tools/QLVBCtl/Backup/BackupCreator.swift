import Foundation
import Storage

/// Makes one backup: the database first (one snapshot for every schema's dump and the checksums), then the blobs.
/// Services store a blob before they commit the row that names it, so every blob the snapshot refers to is already
/// on disk when the blob walk starts; blobs written later are extra, never missing.
struct BackupCreator {
    let root: URL
    let databaseURL: String
    let blobRoot: String

    func create() async throws -> BackupManifest {
        let started = Date()
        let id = Self.id(for: started)
        let partial = root.appendingPathComponent(id + ".partial")
        let fm = FileManager.default
        try? fm.removeItem(at: partial)
        try fm.createDirectory(at: partial.appendingPathComponent("db"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard fm.fileExists(atPath: blobRoot) else { throw CLIError("blob root \(blobRoot) does not exist") }
        let previous = completeBackups(in: root).last.map { root.appendingPathComponent($0).appendingPathComponent("blobs").path }

        let client = pgClient(databaseURL)
        defer { Task { await client.shutdown() } }
        let url = databaseURL
        let (snapshot, version, schemas, extensions, tables) = try await DatabaseInventory.withSnapshot(client) { tx, snapshot in
            let version = try await tx.query("SELECT current_setting('server_version') AS v").rows[0].decode(String.self, "v")
            let schemas = try await DatabaseInventory.schemas(tx)
            let extensions = try await DatabaseInventory.extensions(tx)
            let progress = ProgressBar("database", total: Int64(schemas.count))
            var dumped: [BackupManifest.Schema] = []
            for schema in schemas {
                let file = partial.appendingPathComponent("db/\(schema.name).dump").path
                try await PostgresTools.dump(url: url, schema: schema.name, snapshot: snapshot, to: file)
                let digest = try HashingCopy.hash(file)
                dumped.append(.init(name: schema.name, owner: schema.owner, dump: "db/\(schema.name).dump", sha256: digest.sha256, size: digest.size))
                progress.add(bytes: 1)
                progress.fileDone()
            }
            progress.finish()
            let tables = try await DatabaseInventory.tables(tx, schemas: schemas.map(\.name))
            return (snapshot, version, dumped, extensions, tables)
        }
        let blobs = try copyBlobs(into: partial, previous: previous)
        let manifest = BackupManifest(
            id: id, createdAt: started, database: redacted(databaseURL), serverVersion: version, snapshot: snapshot,
            schemas: schemas, extensions: extensions, tables: tables, blobs: blobs)
        try manifest.write(to: partial)
        try fm.moveItem(at: partial, to: root.appendingPathComponent(id))
        return manifest
    }

    /// New blobs are copied and hashed on the way (a blob whose bytes no longer match its name is reported, not
    /// backed up); blobs the previous backup has are hard-linked to its copy.
    private func copyBlobs(into backup: URL, previous: String?) throws -> BackupManifest.Blobs {
        let listPath = backup.appendingPathComponent("blobs.sha256").path
        let list = try LineWriter(path: listPath)
        var count = 0, copied = 0, linked = 0
        var bytes: Int64 = 0
        var corrupt: [String] = []
        let progress = ProgressBar("blobs   ", total: 0)
        try BlobTree.forEach(root: blobRoot) { sha256, path in
            let relative = BlobTree.relativePath(sha256)
            let target = backup.path + "/blobs/" + relative
            try BlobTree.makeParent(of: target)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
            if let previous, BlobTree.link(previous + "/" + relative, to: target) {
                linked += 1
            } else {
                let result = try HashingCopy.copy(path, to: target, mode: 0o400) { progress.add(bytes: $0) }
                guard result.sha256 == sha256 else {
                    try? FileManager.default.removeItem(atPath: target)
                    corrupt.append(sha256)
                    return
                }
                copied += 1
            }
            bytes += size
            count += 1
            list.write("\(sha256)  blobs/\(relative)")
            progress.fileDone()
        }
        list.close()
        progress.finish()
        if !corrupt.isEmpty {
            throw CLIError("\(corrupt.count) blob(s) in the store do not match their SHA-256 (not backed up): \(corrupt.prefix(5).joined(separator: ", "))")
        }
        return .init(count: count, bytes: bytes, copied: copied, linked: linked, list: "blobs.sha256", listSHA256: try HashingCopy.hash(listPath).sha256)
    }

    static func id(for date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }
}

/// Keeps N days: complete backups older than that go, the newest always stays; `.partial` leftovers of a
/// backup that died go when a day old.
enum BackupPruner {
    static func prune(_ root: URL, keepDays: Int, now: Date = Date()) throws -> [String] {
        let fm = FileManager.default
        let limit = now.addingTimeInterval(-Double(keepDays) * 86_400)
        var removed: [String] = []
        for id in completeBackups(in: root).dropLast() {
            let created = (try? BackupManifest.read(from: root.appendingPathComponent(id)))?.createdAt ?? now
            if created < limit {
                try fm.removeItem(at: root.appendingPathComponent(id))
                removed.append(id)
            }
        }
        for name in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] where name.hasSuffix(".partial") {
            let path = root.appendingPathComponent(name)
            if let modified = try? fm.attributesOfItem(atPath: path.path)[.modificationDate] as? Date, modified < now.addingTimeInterval(-86_400) {
                try? fm.removeItem(at: path)
                removed.append(name)
            }
        }
        return removed
    }
}
