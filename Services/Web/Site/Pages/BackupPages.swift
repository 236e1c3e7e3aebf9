import Auth
import Foundation
import Hummingbird

/// Where the operator's files are, for the read-only backups page (`QLVB_WEB_BACKUP_DIR`, `QLVB_WEB_HANDOVER_DIR`):
/// the web cannot run `qlvbctl`, so it lists what the daily backup and the handover exports left on disk.
public struct OperatorFiles: Sendable {
    public var backupDirectory: String?
    public var handoverDirectory: String?

    public init(backupDirectory: String? = nil, handoverDirectory: String? = nil) {
        self.backupDirectory = backupDirectory
        self.handoverDirectory = handoverDirectory
    }
}

/// Sao lưu và giao nộp (docs/operations.md): the installation operator's view of the backups (from each backup's
/// manifest.json) and of the handover packages (complete: bag-info.txt; unfinished: the export's state file).
extension WebSite {
    func addBackupPages(to router: Router<WebContext>) {
        router.get(":site/quan-tri/sao-luu") { request, context in
            try await self.page(request, context) { request, context in try await self.backups(request, context) }
        }
    }

    func backups(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, _) = try await signedIn(request, context)
        guard identity.roles.contains(.operator) else {
            throw APIRefusal(status: 403, code: "forbidden", message: "Chỉ người vận hành hệ thống xem được sao lưu và gói giao nộp.")
        }
        let files = operatorFiles
        // A few small files (one manifest per backup kept, one bag-info per package): read in place.
        let backups = Self.backupRows(files.backupDirectory), packages = Self.packageRows(files.handoverDirectory)
        return render("backups", visit, title: "Sao lưu và giao nộp", [
            "backupDirectory": files.backupDirectory as Any, "handoverDirectory": files.handoverDirectory as Any,
            "backups": backups, "packages": packages,
            "newest": backups.last?["created"] as Any,
        ])
    }

    /// Complete backups, oldest first: a directory with manifest.json and no `.partial` suffix.
    static func backupRows(_ directory: String?) -> [[String: Any]] {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { !$0.hasSuffix(".partial") }.sorted().compactMap { id -> [String: Any]? in
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(id)/manifest.json"),
                  let m = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            let tables = m["tables"] as? [[String: Any]] ?? []
            let blobs = m["blobs"] as? [String: Any] ?? [:]
            return [
                "id": id, "created": VietnamDates.day(iso: m["createdAt"] as? String, withTime: true) as Any,
                "schemas": (m["schemas"] as? [Any])?.count ?? 0, "tables": tables.count,
                "rows": tables.reduce(0) { $0 + ($1["rows"] as? Int ?? 0) },
                "blobs": blobs["count"] as? Int ?? 0, "newBlobs": blobs["copied"] as? Int ?? 0,
                "blobBytes": Self.megabytes(blobs["bytes"] as? Int ?? 0),
            ]
        }
    }

    /// Handover packages: each sub-directory that is a bag (bag-info.txt) or an unfinished export (.handover/state.json).
    static func packageRows(_ directory: String?) -> [[String: Any]] {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.sorted().compactMap { name -> [String: Any]? in
            let path = "\(directory)/\(name)"
            if let data = FileManager.default.contents(atPath: "\(path)/.handover/state.json"),
               let state = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                let agencies = state["agencies"] as? [String] ?? []
                return ["name": name, "year": state["year"] as Any, "agencies": agencies.joined(separator: ", "),
                        "state": "Đang xuất (\((state["done"] as? [String] ?? []).count)/\(agencies.count) cơ quan)"]
            }
            guard let text = try? String(contentsOfFile: "\(path)/bag-info.txt", encoding: .utf8) else { return nil }
            var info: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { info[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            let oxum = info["Payload-Oxum"]?.split(separator: ".") ?? []
            return ["name": name, "year": info["QLVB-Year"] as Any, "agencies": info["Source-Organization"] as Any,
                    "state": "Hoàn tất \(info["Bagging-Date"] ?? "")", "files": oxum.count == 2 ? String(oxum[1]) : "",
                    "size": oxum.first.flatMap { Int($0) }.map(Self.megabytes) as Any]
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000).replacingOccurrences(of: ".", with: ",")
    }
}
