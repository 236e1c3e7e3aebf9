import BlobStore
import Contracts
import Crypto
import Dispatch
import Foundation
import ZIPFoundation

/// Writes a leaver's archive as one ZIP file: the entries, then `danh-muc.csv` (what each file is), `SHA256SUMS`
/// (for `sha256sum -c`) and `README.txt`. Stored files are read through the blob store, which verifies each one's
/// SHA-256, so a damaged file stops the archive instead of going out changed.
struct LeaverArchiveWriter: Sendable {
    let blobs: any BlobStore

    struct Written: Sendable {
        var files: Int
        var bytes: Int64
        var sha256: String
    }

    func write(_ entries: [LeaverArchive.Entry], readme: String, to url: URL) async throws -> Written {
        let zip = ZIPBox(try Archive(url: url, accessMode: .create))
        var seen: Set<String> = []
        var list = [["duong_dan", "sha256", "so_byte", "noi_dung"]]
        for entry in entries {
            let data: Data = switch entry.content {
            case .blob(let ref): try await blobs.read(ref)
            case .text(let text): Data(text.utf8)
            }
            let path = Self.unique(entry.path, in: &seen)
            try await zip.add(path, data)
            list.append([path, SHA256.hash(data: data).hex, String(data.count), entry.describes])
        }
        let sums = list.dropFirst().map { "\($0[1])  \($0[0])" }.joined(separator: "\n") + "\n"
        try await zip.add("danh-muc.csv", Data(Self.csv(list).utf8))
        try await zip.add("SHA256SUMS", Data(sums.utf8))
        try await zip.add("README.txt", Data(readme.utf8))
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
        let digest = try await Self.sha256(of: url)
        return Written(files: entries.count, bytes: size, sha256: digest)
    }

    /// A second file under the same path becomes `name-2.ext`.
    static func unique(_ path: String, in seen: inout Set<String>) -> String {
        var candidate = path
        var n = 2
        while seen.contains(candidate) {
            let dot = path.lastIndex(of: ".").flatMap { $0 > (path.lastIndex(of: "/") ?? path.startIndex) ? $0 : nil }
            candidate = dot.map { "\(path[..<$0])-\(n)\(path[$0...])" } ?? "\(path)-\(n)"
            n += 1
        }
        seen.insert(candidate)
        return candidate
    }

    /// RFC 4180 CSV with a UTF-8 byte-order mark, so spreadsheet programs show the Vietnamese text.
    static func csv(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { row in
            row.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }

    static func sha256(of url: URL) async throws -> String {
        try await offPool {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
            return hasher.finalize().hex
        }
    }
}

/// ZIPFoundation's archive, used by one task at a time; its writes (compression included) run off Swift's pool.
private final class ZIPBox: @unchecked Sendable {
    let archive: Archive
    init(_ archive: Archive) { self.archive = archive }

    /// Text-like formats are deflated; PDF, Office Open XML and images are compressed already.
    func add(_ path: String, _ data: Data) async throws {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let deflate = ["xml", "txt", "csv", "rtf", "doc", "xls", "odt", "ods"].contains(ext) || !path.contains(".")
        try await offPool { [self] in
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: deflate ? .deflate : .none
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}

/// Runs blocking work (file I/O, compression) on a Dispatch thread, not on Swift's cooperative pool.
private func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .utility).async { continuation.resume(with: Result(catching: body)) }
    }
}
