import Crypto
import Foundation
import BlobStore

#if canImport(Glibc)
import Glibc
#endif

/// Writes a BagIt package (RFC 8493) file by file, resumable after a kill at any point.
///
/// Each payload file is written to `<name>.part`, renamed, then its line appended to the current agency's partial
/// manifest (`.handover/<agency>.manifest`); a resumed export skips the files that manifest lists and an agency
/// marked done, and rewrites anything else. `finish()` joins the partial manifests in export order into
/// `manifest-sha256.txt`, writes `bagit.txt`, `bag-info.txt` and `tagmanifest-sha256.txt`, and removes `.handover/`.
/// The payload's order and bytes depend only on the data, so an export killed and resumed gives the same package.
final class BagWriter {
    struct State: Codable, Equatable {
        var year: Int
        var agencies: [String]
        var baggingDate: String
        var done: [String] = []
    }

    let root: URL
    private(set) var state: State
    private var stateDir: URL { root.appendingPathComponent(".handover") }
    private var manifest: LineWriter?
    private var written: Set<String> = []
    private(set) var bytesWritten: Int64 = 0
    private var filesThisRun = 0
    /// Test hook (scripts/handover-test): SIGKILL itself after this many files, between a file's rename and its
    /// manifest line — the worst moment for a resume.
    private let killAfter = ProcessInfo.processInfo.environment["QLVB_HANDOVER_KILL_AFTER_FILES"].flatMap(Int.init)

    /// Opens `root` for `year` and `agencies`: a new package in an empty (or missing) directory, or the resumption
    /// of the same export. Anything else is refused.
    init(root: URL, year: Int, agencies: [String]) throws {
        self.root = root
        let fm = FileManager.default
        let stateFile = root.appendingPathComponent(".handover/state.json")
        if let data = try? Data(contentsOf: stateFile) {
            let saved = try JSONDecoder().decode(State.self, from: data)
            guard saved.year == year, saved.agencies == agencies else {
                throw CLIError("\(root.path) holds an unfinished export of \(saved.year) for \(saved.agencies.joined(separator: ", ")); resume it with the same --year and agencies, or use another --out")
            }
            state = saved
        } else {
            let existing = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
            guard existing.isEmpty else { throw CLIError("\(root.path) is not empty and holds no unfinished export: choose an empty --out") }
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
            f.dateFormat = "yyyy-MM-dd"
            state = State(year: year, agencies: agencies, baggingDate: f.string(from: Date()))
            try fm.createDirectory(at: root.appendingPathComponent(".handover"), withIntermediateDirectories: true)
            try fm.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
            try saveState()
        }
    }

    var isResumed: Bool { !state.done.isEmpty || FileManager.default.fileExists(atPath: stateDir.appendingPathComponent("common.manifest").path) }

    func isDone(_ agency: String) -> Bool { state.done.contains(agency) }

    /// Starts (or resumes) the part of the package named `part` (an agency code, or `common`).
    func begin(_ part: String) throws {
        let path = stateDir.appendingPathComponent("\(part).manifest").path
        written = []
        if FileManager.default.fileExists(atPath: path) {
            for line in try LineReader(path: path) {
                guard let space = line.firstIndex(of: " ") else { continue }
                let payload = String(line[line.index(space, offsetBy: 2)...])
                if FileManager.default.fileExists(atPath: root.path + "/" + Self.decode(payload)) { written.insert(payload) }
            }
        }
        // Keep only lines whose file is there, in their order: a line cut by a kill is dropped and its file redone.
        let kept = FileManager.default.fileExists(atPath: path) ? try LineReader(path: path).filter { line in
            guard let space = line.firstIndex(of: " "), line.count > 66 else { return false }
            return written.contains(String(line[line.index(space, offsetBy: 2)...]))
        } : []
        let writer = try LineWriter(path: path)
        for line in kept { writer.write(line) }
        manifest = writer
    }

    func end(_ part: String) throws {
        manifest?.close()
        manifest = nil
        if part != "common" {
            state.done.append(part)
            try saveState()
        }
    }

    /// `data/<relative>` is already in the package (a resumed export skips it).
    func has(_ relative: String) -> Bool { written.contains(Self.encode("data/" + relative)) }

    /// Small payload (metadata, registers, audit pages) from memory.
    func add(_ relative: String, data: Data) throws {
        guard !has(relative) else { return }
        let (final, part) = try paths(relative)
        let result = try HashingCopy.write(data, to: part)
        try commit(relative, final: final, part: part, sha256: result.sha256, size: result.size)
    }

    /// Payload copied from a file (a blob), streamed and hashed; `expectedSHA256` (the blob's name) must match.
    func add(_ relative: String, copying source: String, expectedSHA256: String?, progress: (Int) -> Void) throws {
        guard !has(relative) else { return }
        let (final, part) = try paths(relative)
        let result = try HashingCopy.copy(source, to: part, progress: progress)
        if let expectedSHA256, result.sha256 != expectedSHA256 {
            try? FileManager.default.removeItem(atPath: part)
            throw CLIError("blob \(expectedSHA256) in the store does not match its SHA-256 (\(result.sha256)); run qlvbctl backup verify and restore it")
        }
        try commit(relative, final: final, part: part, sha256: result.sha256, size: result.size)
    }

    private func paths(_ relative: String) throws -> (String, String) {
        let final = root.path + "/data/" + relative
        try BlobTree.makeParent(of: final, mode: 0o755)
        return (final, final + ".part")
    }

    private func commit(_ relative: String, final: String, part: String, sha256: String, size: Int64) throws {
        if rename(part, final) != 0 { throw CLIError("rename \(part): \(String(cString: strerror(errno)))") }
        filesThisRun += 1
        if filesThisRun == killAfter { kill(getpid(), SIGKILL) }
        let payload = Self.encode("data/" + relative)
        manifest?.write("\(sha256)  \(payload)")
        written.insert(payload)
        bytesWritten += size
    }

    private func saveState() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(state).write(to: stateDir.appendingPathComponent("state.json"), options: .atomic)
    }

    /// The tag files; `info` are bag-info.txt's fields (Payload-Oxum and Bagging-Date added here).
    func finish(info: [(String, String)], parts: [String]) throws {
        let manifestPath = root.appendingPathComponent("manifest-sha256.txt").path
        let out = try LineWriter(path: manifestPath)
        var files = 0
        var bytes: Int64 = 0
        for part in parts {
            for line in try LineReader(path: stateDir.appendingPathComponent("\(part).manifest").path) where !line.isEmpty {
                out.write(line)
                files += 1
                let path = String(line[line.index(line.firstIndex(of: " ")!, offsetBy: 2)...])
                bytes += (try? FileManager.default.attributesOfItem(atPath: root.path + "/" + Self.decode(path))[.size] as? Int64) ?? 0
            }
        }
        out.close()
        try Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8).write(to: root.appendingPathComponent("bagit.txt"))
        var lines = info.map { "\($0.0): \($0.1)" }
        lines.append("Bagging-Date: \(state.baggingDate)")
        lines.append("Payload-Oxum: \(bytes).\(files)")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: root.appendingPathComponent("bag-info.txt"))
        var tags: [String] = []
        for name in ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"] {
            tags.append("\(try HashingCopy.hash(root.appendingPathComponent(name).path).sha256)  \(name)")
        }
        try Data((tags.joined(separator: "\n") + "\n").utf8).write(to: root.appendingPathComponent("tagmanifest-sha256.txt"))
        try FileManager.default.removeItem(at: stateDir)
    }

    /// RFC 8493 §2.1.3: in manifests, CR, LF and % in a path are percent-encoded.
    static func encode(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func decode(_ path: String) -> String {
        path.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0d", with: "\r")
            .replacingOccurrences(of: "%0a", with: "\n").replacingOccurrences(of: "%25", with: "%")
    }
}
