import Foundation

/// Reads a whole backup back: each dump against its SHA-256 and through pg_restore's table of contents, each
/// blob against its name, and the blob directory against `blobs.sha256` (missing and extra files), in one
/// ordered pass over both so a million blobs need no list in memory.
enum BackupVerifier {
    static func verify(_ backup: URL) async throws -> [String] {
        let manifest = try BackupManifest.read(from: backup)
        var problems: [String] = []
        for schema in manifest.schemas {
            let path = backup.appendingPathComponent(schema.dump).path
            guard let digest = try? HashingCopy.hash(path) else { problems.append("missing: \(schema.dump)"); continue }
            if digest.sha256 != schema.sha256 { problems.append("changed: \(schema.dump) (SHA-256 \(digest.sha256), manifest \(schema.sha256))"); continue }
            do { try await PostgresTools.check(dump: path) } catch { problems.append("unreadable: \(schema.dump): \(error)") }
        }
        let listPath = backup.appendingPathComponent(manifest.blobs.list).path
        guard let listDigest = try? HashingCopy.hash(listPath) else { return problems + ["missing: \(manifest.blobs.list)"] }
        if listDigest.sha256 != manifest.blobs.listSHA256 { problems.append("changed: \(manifest.blobs.list)") }

        var listed = try LineReader(path: listPath).lazy.compactMap { line -> String? in
            let name = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            return HashingCopy.isSHA256(name) ? name : nil
        }.makeIterator()
        var expected = listed.next()
        var count = 0
        let progress = ProgressBar("verify  ", total: manifest.blobs.bytes)
        try BlobTree.forEach(root: backup.appendingPathComponent("blobs").path) { sha256, path in
            while let e = expected, e < sha256 { problems.append("missing: blobs/\(BlobTree.relativePath(e))"); expected = listed.next() }
            guard expected == sha256 else { problems.append("extra: blobs/\(BlobTree.relativePath(sha256))"); return }
            expected = listed.next()
            count += 1
            let digest = try HashingCopy.hash(path) { progress.add(bytes: $0) }
            if digest.sha256 != sha256 { problems.append("changed: blobs/\(BlobTree.relativePath(sha256))") }
            progress.fileDone()
        }
        while let e = expected { problems.append("missing: blobs/\(BlobTree.relativePath(e))"); expected = listed.next() }
        progress.finish()
        if count != manifest.blobs.count && problems.isEmpty { problems.append("blob count \(count), manifest \(manifest.blobs.count)") }
        return problems
    }
}
