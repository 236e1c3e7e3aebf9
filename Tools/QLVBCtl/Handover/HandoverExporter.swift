import Auth
import Foundation

/// The yearly handover (giao nộp cơ sở dữ liệu, regulation art. 9.2, 23.3) of one or more agencies into one bag:
/// `data/<agency>/…` per agency, each taken from the services' APIs for that agency and year, in a fixed order.
struct HandoverExporter {
    let api: ServiceAPI
    let bag: BagWriter
    /// The blob store, when the tool runs where it is mounted: documents are copied from it (checked against the
    /// SHA-256 the service gave) instead of downloaded; edXML packets are only reachable this way.
    let blobRoot: String?
    let year: Int
    let progress: ProgressBar

    static let clerkRoles: Set<Role> = [.clerk, .head, .admin]

    func export(agency: String) async throws {
        try bag.begin(agency)
        let base = Self.safe(agency)
        let agencyJSON = try await api.require("routing", "agencies/\(agency)", agency: agency, roles: Self.clerkRoles)
        try bag.add("\(base)/agency.json", data: try CanonicalJSON.data(try CanonicalJSON.object(agencyJSON)))
        let yearQuery = [URLQueryItem(name: "year", value: String(year))]
        for register in ["incoming", "outgoing"] {
            let path = "\(base)/registers/\(register).csv"
            if !bag.has(path) {
                try bag.add(path, data: try await api.require("numbering", "agencies/\(agency)/registers/\(register).csv", query: yearQuery, agency: agency, roles: Self.clerkRoles))
            }
        }
        try await incoming(agency, base)
        try await outgoing(agency, base)
        try await audit(agency, base)
        try await dossiers(agency, base)
        try bag.add("\(base)/signatures/README.txt", data: Data(Self.signaturesNote.utf8))
        try bag.end(agency)
    }

    /// Số đến in register order: the entry as numbering gives it, the edXML packet, the attachments.
    private func incoming(_ agency: String, _ base: String) async throws {
        var cursor: String?
        repeat {
            var query = [URLQueryItem(name: "year", value: String(year)), URLQueryItem(name: "order", value: "oldest"), URLQueryItem(name: "limit", value: "500")]
            if let cursor { query.append(URLQueryItem(name: "cursor", value: cursor)) }
            let page = try CanonicalJSON.object(try await api.require("numbering", "agencies/\(agency)/registers/incoming", query: query, agency: agency, roles: Self.clerkRoles)) as? [String: Any] ?? [:]
            for item in page["items"] as? [[String: Any]] ?? [] {
                let id = item["documentId"] as? String ?? "unknown"
                let number = (item["number"] as? Int).map { String(format: "%06d", $0) } ?? "000000"
                let dir = "\(base)/incoming/\(number)_\(Self.safe(id))"
                try bag.add("\(dir)/metadata.json", data: try CanonicalJSON.data(item))
                if let packet = item["packet"] as? [String: Any], let sha = packet["sha256"] as? String {
                    // A paper document's "packet" is its registered scan, served as document.pdf.
                    let paper = (item["medium"] as? String) == "paper"
                    try await blob(
                        sha, to: paper ? "\(dir)/document.pdf" : "\(dir)/packet.edxml", agency: agency,
                        apiPath: "agencies/\(agency)/registers/incoming/\(id)/" + (paper ? "document.pdf" : "packet.edxml"))
                }
                for (index, attachment) in (item["attachments"] as? [[String: Any]] ?? []).enumerated() {
                    guard let name = attachment["name"] as? String, let ref = attachment["blob"] as? [String: Any], let sha = ref["sha256"] as? String else { continue }
                    try await blob(sha, to: "\(dir)/attachments/\(String(format: "%02d", index + 1))_\(Self.safe(name))", agency: agency,
                                   apiPath: "agencies/\(agency)/registers/incoming/\(id)/attachments/\(name)")
                }
            }
            cursor = page["next"] as? String
        } while cursor != nil
    }

    /// Số đi: the number and document records and the issued (signed, sealed) PDF.
    private func outgoing(_ agency: String, _ base: String) async throws {
        var cursor: String?
        repeat {
            var query = [URLQueryItem(name: "year", value: String(year)), URLQueryItem(name: "limit", value: "500")]
            if let cursor { query.append(URLQueryItem(name: "cursor", value: cursor)) }
            let page = try CanonicalJSON.object(try await api.require("numbering", "agencies/\(agency)/registers/outgoing", query: query, agency: agency, roles: Self.clerkRoles)) as? [String: Any] ?? [:]
            for item in page["items"] as? [[String: Any]] ?? [] {
                let number = item["number"] as? [String: Any] ?? [:]
                let document = item["document"] as? [String: Any] ?? [:]
                let id = number["documentId"] as? String ?? document["documentId"] as? String ?? "unknown"
                let dir = "\(base)/outgoing/\(Self.safe(number["register"] as? String ?? "VBDI"))_\(String(format: "%06d", number["number"] as? Int ?? 0))_\(Self.safe(id))"
                try bag.add("\(dir)/metadata.json", data: try CanonicalJSON.data(item))
                if let sealed = document["sealed"] as? [String: Any], let sha = sealed["sha256"] as? String {
                    try await blob(sha, to: "\(dir)/document.pdf", agency: agency, apiPath: "agencies/\(agency)/registers/outgoing/\(id)/document.pdf")
                }
            }
            cursor = page["next"] as? String
        } while cursor != nil
    }

    /// Routing's audit log of the agency: the year's entries oldest first, one JSON object a line (with the hash
    /// chain's fields), and the chain's verification as routing reports it at export time.
    private func audit(_ agency: String, _ base: String) async throws {
        let path = "\(base)/audit/entries.jsonl"
        if !bag.has(path) {
            // Newest first in pages: each page reversed into a scratch file, the files joined from the last.
            let scratch = bag.root.appendingPathComponent(".handover/audit-\(Self.safe(agency))")
            try? FileManager.default.removeItem(at: scratch)
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            var before: Int?
            var pages = 0
            pageLoop: repeat {
                var query = [URLQueryItem(name: "limit", value: "1000")]
                if let before { query.append(URLQueryItem(name: "before", value: String(before))) }
                let page = try CanonicalJSON.object(try await api.require("routing", "agencies/\(agency)/audit", query: query, agency: agency, roles: Self.clerkRoles)) as? [String: Any] ?? [:]
                var lines = Data()
                var older = false
                for entry in (page["items"] as? [[String: Any]] ?? []).reversed() {
                    let entryYear = (entry["at"] as? String).flatMap(Self.vietnamYear)
                    if entryYear == year {
                        lines.append(try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]))
                        lines.append(0x0A)
                    } else if let entryYear, entryYear < year { older = true }
                }
                try lines.write(to: scratch.appendingPathComponent(String(format: "%08d", pages)))
                pages += 1
                before = page["nextBefore"] as? Int
                if older { break pageLoop }
            } while before != nil
            let joined = scratch.appendingPathComponent("joined").path
            let out = try LineWriter(path: joined)
            out.close()
            let handle = FileHandle(forWritingAtPath: joined)!
            for index in stride(from: pages - 1, through: 0, by: -1) {
                handle.write(try Data(contentsOf: scratch.appendingPathComponent(String(format: "%08d", index))))
            }
            try handle.close()
            try bag.add(path, copying: joined, expectedSHA256: nil) { _ in }
            try FileManager.default.removeItem(at: scratch)
        }
        let verifyPath = "\(base)/audit/verification.json"
        if !bag.has(verifyPath) {
            let answer = try await api.get("routing", "agencies/\(agency)/audit/verify", query: [URLQueryItem(name: "full", value: "true")], agency: agency, roles: Self.clerkRoles)
            let body: Any = answer.flatMap { (200..<300).contains($0.status) ? try? CanonicalJSON.object($0.body) : nil }
                ?? ["error": "routing did not verify the chain (HTTP \(answer?.status ?? 0))"]
            try bag.add(verifyPath, data: try CanonicalJSON.data(body))
        }
    }

    /// Archive's dossiers (hồ sơ) of the year when archive answers; otherwise a note saying what is missing.
    private func dossiers(_ agency: String, _ base: String) async throws {
        let answer = try await api.get("archive", "agencies/\(agency)/dossiers", query: [URLQueryItem(name: "year", value: String(year))], agency: agency, roles: Self.clerkRoles)
        if let answer, (200..<300).contains(answer.status), let object = try? CanonicalJSON.object(answer.body) {
            try bag.add("\(base)/dossiers/dossiers.json", data: try CanonicalJSON.data(object))
            // The year's file list (danh mục hồ sơ) and each dossier with its documents (số thứ tự, references,
            // signatures' verdicts, history), one file each: what the archivist reads.
            let query = [URLQueryItem(name: "year", value: String(year))]
            if let list = try await api.get("archive", "agencies/\(agency)/file-list", query: query, agency: agency, roles: Self.clerkRoles),
                (200..<300).contains(list.status), let listObject = try? CanonicalJSON.object(list.body)
            {
                try bag.add("\(base)/dossiers/file-list.json", data: try CanonicalJSON.data(listObject))
            }
            let items = (object as? [String: Any])?["items"] as? [[String: Any]] ?? []
            for item in items {
                guard let id = item["id"] as? String, UUID(uuidString: id) != nil else { continue }
                let relative = "\(base)/dossiers/\(id.lowercased()).json"
                guard !bag.has(relative) else { continue }
                if let detail = try await api.get("archive", "agencies/\(agency)/dossiers/\(id)", agency: agency, roles: Self.clerkRoles),
                    (200..<300).contains(detail.status), let detailObject = try? CanonicalJSON.object(detail.body)
                {
                    try bag.add(relative, data: try CanonicalJSON.data(detailObject))
                }
            }
        } else {
            let reason = answer.map { "archive answered HTTP \($0.status)" } ?? "archive could not be reached"
            try bag.add("\(base)/dossiers/NOT-INCLUDED.txt", data: Data("""
                The dossiers (hồ sơ) of \(agency) for \(year) are not in this package: \(reason) at \
                GET /agencies/\(agency)/dossiers?year=\(year). Export again once archive serves them.

                """.utf8))
        }
    }

    /// A blob into the package: from the blob store when mounted, else through the service's API (`apiPath`).
    private func blob(_ sha256: String, to relative: String, agency: String, apiPath: String?) async throws {
        guard !bag.has(relative) else { return }
        if let blobRoot, HashingCopy.isSHA256(sha256) {
            let source = blobRoot + "/" + BlobTree.relativePath(sha256)
            if FileManager.default.fileExists(atPath: source) {
                try bag.add(relative, copying: source, expectedSHA256: sha256) { progress.add(bytes: $0) }
                progress.fileDone()
                return
            }
        }
        guard let apiPath else {
            // No API serves it: say so in the package rather than leave a silent gap.
            try bag.add(relative + ".NOT-INCLUDED.txt", data: Data("""
                Blob \(sha256) is not in this package: no service API serves it and the blob store was not given \
                (--blob-root / QLVB_BLOB_ROOT) or does not hold it.

                """.utf8))
            return
        }
        let data = try await api.require("numbering", apiPath, agency: agency, roles: Self.clerkRoles)
        try bag.add(relative, data: data)
        progress.add(bytes: data.count)
        progress.fileDone()
    }

    static func vietnamYear(_ timestamp: String) -> Int? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = f.date(from: timestamp) ?? ISO8601DateFormatter().date(from: timestamp) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        return calendar.component(.year, from: date)
    }

    /// A path component from a name of the data: no separators or control characters, NFC, at most 120 characters.
    static func safe(_ name: String) -> String {
        let cleaned = String(name.precomposedStringWithCanonicalMapping.unicodeScalars.map { scalar -> Character in
            if scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control { return "_" }
            return Character(scalar)
        })
        let trimmed = cleaned.trimmingCharacters(in: .whitespaces)
        let safe = trimmed.isEmpty || trimmed == "." || trimmed == ".." ? "_" : trimmed
        return String(safe.prefix(120))
    }

    static let signaturesNote = """
        Signatures' validation data (dữ liệu kiểm tra chữ ký số)

        Each outgoing/<series>_<number>_<id>/document.pdf is the issued PDF with its PAdES signatures (the leader's and
        the agency's seal); each signature's CMS structure carries the signer's certificate chain, and metadata.json
        gives the signer, the signing and sealing times. Incoming edXML packets (incoming/*/packet.edxml) carry the
        sender's XML signatures with their certificates; metadata.json has intake's verdict. The CA roots and the
        revocation lists (CRLs) this installation checks signatures with are in data/signatures/ (trust-anchors.pem,
        crls/) when the export was given them (--trust-anchors, --crl, or intake's QLVB_INTAKE_TRUST_ANCHORS and
        QLVB_INTAKE_CRLS). Not exported: OCSP answers (signatures are checked against CRLs only) and signing's
        internal signature log (what it signed and when; the PDFs carry the signatures themselves).

        """
}
