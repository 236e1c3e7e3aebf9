import Foundation

/// `qlvbctl handover verify`: every file of the manifests is there with its SHA-256, nothing else is in `data/`
/// or beside the tag files, and Payload-Oxum holds.
enum BagVerifier {
    static func verify(_ root: URL) throws -> [String] {
        let fm = FileManager.default
        var problems: [String] = []
        guard fm.fileExists(atPath: root.appendingPathComponent("bagit.txt").path) else { return ["missing: bagit.txt (not a bag)"] }
        let manifestPath = root.appendingPathComponent("manifest-sha256.txt").path
        guard fm.fileExists(atPath: manifestPath) else { return ["missing: manifest-sha256.txt"] }
        let info = (try? String(contentsOf: root.appendingPathComponent("bag-info.txt"), encoding: .utf8)) ?? ""
        let oxum = info.split(separator: "\n").first { $0.hasPrefix("Payload-Oxum:") }
            .map { $0.dropFirst("Payload-Oxum:".count).trimmingCharacters(in: .whitespaces).split(separator: ".") }
        let totalBytes = oxum.flatMap { $0.first.flatMap { Int64($0) } } ?? 0

        let progress = ProgressBar("verify  ", total: totalBytes)
        var listed = Set<String>()
        var bytes: Int64 = 0
        for (manifest, isPayload) in [("manifest-sha256.txt", true), ("tagmanifest-sha256.txt", false)] {
            let path = root.appendingPathComponent(manifest).path
            guard fm.fileExists(atPath: path) else { problems.append("missing: \(manifest)"); continue }
            for line in try LineReader(path: path) where !line.isEmpty {
                guard let space = line.firstIndex(of: " ") else { problems.append("\(manifest): bad line \(line)"); continue }
                let expected = String(line[..<space]).lowercased()
                let relative = BagWriter.decode(String(line[space...].drop(while: { $0 == " " || $0 == "*" })))
                if relative.hasPrefix("/") || relative.split(separator: "/").contains("..") { problems.append("\(manifest): path outside the bag: \(relative)"); continue }
                listed.insert(relative)
                let full = root.path + "/" + relative
                guard fm.fileExists(atPath: full) else { problems.append("missing: \(relative)"); continue }
                let digest = try HashingCopy.hash(full) { if isPayload { progress.add(bytes: $0) } }
                if digest.sha256 != expected { problems.append("changed: \(relative)") }
                if isPayload { bytes += digest.size }
                progress.fileDone()
            }
        }
        progress.finish()
        // Extra files: anything under data/ not in the manifest, and any tag file the tag manifest does not cover.
        if let walker = fm.enumerator(atPath: root.path) {
            while let relative = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: root.path + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                if relative == "tagmanifest-sha256.txt" || listed.contains(relative) { continue }
                problems.append("extra: \(relative)")
            }
        }
        if let oxum, oxum.count == 2, let count = Int(oxum[1]) {
            let payloadCount = listed.filter { $0.hasPrefix("data/") }.count
            if count != payloadCount || totalBytes != bytes { problems.append("Payload-Oxum \(oxum.joined(separator: ".")) but the manifest lists \(bytes).\(payloadCount)") }
        }
        return problems
    }
}
