import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The blob store's files on disk (`root/ab/cd/<sha256>`, see Shared/BlobStore/FileBlobStore.swift), walked in
/// name order without loading the list: the backup and the restore handle one fan-out directory at a time.
enum BlobTree {
    /// Calls `body` with each blob's SHA-256 and path, in hash order; `tmp/` and stray names are skipped.
    static func forEach(root: String, _ body: (String, String) throws -> Void) throws {
        let fm = FileManager.default
        for first in (try? fm.contentsOfDirectory(atPath: root))?.sorted() ?? [] where isFanOut(first) {
            let level1 = root + "/" + first
            for second in (try? fm.contentsOfDirectory(atPath: level1))?.sorted() ?? [] where isFanOut(second) {
                let level2 = level1 + "/" + second
                for name in try fm.contentsOfDirectory(atPath: level2).sorted() {
                    if HashingCopy.isSHA256(name) && name.hasPrefix(first + second) { try body(name, level2 + "/" + name) }
                }
            }
        }
    }

    /// Every file under `root` except `tmp/`, relative paths (for "is this root empty", "what is extra").
    static func allFiles(root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let path = walker.nextObject() as? String {
            if path == "tmp" || path.hasPrefix("tmp/") { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue { out.append(path) }
        }
        return out.sorted()
    }

    static func relativePath(_ sha256: String) -> String {
        let u = Array(sha256.utf8)
        return String(decoding: u[0..<2], as: UTF8.self) + "/" + String(decoding: u[2..<4], as: UTF8.self) + "/" + sha256
    }

    static func makeParent(of path: String, mode: Int = 0o700) throws {
        let parent = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: parent) {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
        }
    }

    /// A hard link (same volume, no bytes copied); false if the file system refuses (another volume).
    static func link(_ existing: String, to new: String) -> Bool {
        Glibc.link(existing, new) == 0
    }

    private static func isFanOut(_ name: String) -> Bool {
        name.utf8.count == 2 && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
