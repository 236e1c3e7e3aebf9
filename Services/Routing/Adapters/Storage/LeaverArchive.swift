import Contracts
import Foundation
import Storage

/// What goes into the archive of a person who leaves (art. 22.1.c: the head decides whether the person may take the
/// data of their account): the incoming documents they handled, with the packet, the attachments and their own part
/// in the handling (tasks, results, opinions), and the drafts they wrote, every version's files and the comments.
///
/// Paths are ASCII (the regulation's file-name rule), one folder per document:
/// `van-ban-den/2026-0012-123-STC-NS/…` and `du-thao/2026-03-05-bao-cao-quy-i-1a2b3c4d/v2/…`.
struct LeaverArchive: Sendable {
    /// One file of the archive: stored bytes (verified on read) or text written here.
    struct Entry: Sendable {
        enum Content: Sendable {
            case blob(BlobRef)
            case text(String)
        }
        var path: String
        var content: Content
        /// What the file is, for the list of contents.
        var describes: String
    }

    let schema: String

    /// The documents and drafts of `account`, as entries; the README and the checksum files are added when written.
    func entries(of account: String, agency: String, on db: some PGExecutor) async throws -> [Entry] {
        try await incoming(of: account, agency: agency, on: db) + drafts(of: account, agency: agency, on: db)
    }

    private func incoming(of account: String, agency: String, on db: some PGExecutor) async throws -> [Entry] {
        let rows = try await db.query("""
            SELECT d.document_id, d.year, d.number, d.code_number, d.code_notation, d.subject, d.sender_name, d.received_at,
                   -- a revoked document's content is withheld (Decree 30 art. 18.4.b): only its handling is kept
                   CASE WHEN d.state = 'revoked' THEN NULL ELSE d.packet::text END AS packet,
                   CASE WHEN d.state = 'revoked' THEN NULL ELSE d.attachments::text END AS attachments, t.role, t.state, t.deadline, t.assigned_by,
                   t.on_behalf_of, t.assigned_at, t.completed_at, t.result, t.withdrawn_reason
            FROM \(identifier: schema).tasks t JOIN \(identifier: schema).incoming_documents d ON d.document_id = t.document_id
            WHERE t.agency = \(agency) AND t.assignee = \(account)
            ORDER BY d.year NULLS LAST, d.number NULLS LAST, d.document_id, t.assigned_at
            """).rows
        let opinions = try await db.query("""
            SELECT o.document_id, o.body, o.on_behalf_of, o.created_at FROM \(identifier: schema).opinions o
            JOIN \(identifier: schema).tasks t ON t.id = o.task_id
            WHERE t.agency = \(agency) AND o.author = \(account) ORDER BY o.id
            """).rows
        var opinionsByDocument: [UUID: [String]] = [:]
        for o in opinions {
            let line = "\(Self.stamp(try o.decode(Date.self, "created_at")))  \(try o.decode(String.self, "body"))"
            opinionsByDocument[try o.decode(UUID.self, "document_id"), default: []].append(line)
        }

        var entries: [Entry] = []
        var handling: [UUID: (folder: String, title: String, lines: [String])] = [:]
        var order: [UUID] = []
        for r in rows {
            let id = try r.decode(UUID.self, "document_id")
            let task = [
                "- \(try r.decode(String.self, "role")) (\(try r.decode(String.self, "state")))",
                "  giao bởi / assigned by \(try r.decode(String.self, "assigned_by"))"
                    + ((try r.decode(String?.self, "on_behalf_of")).map { " thay / for \($0)" } ?? "")
                    + " lúc / at \(Self.stamp(try r.decode(Date.self, "assigned_at")))",
                (try r.decode(Date?.self, "deadline")).map { "  hạn / deadline \(Self.stamp($0))" },
                (try r.decode(Date?.self, "completed_at")).map { "  hoàn thành / completed \(Self.stamp($0))" },
                (try r.decode(String?.self, "result")).map { "  kết quả / result: \($0)" },
                (try r.decode(String?.self, "withdrawn_reason")).map { "  thu hồi / withdrawn: \($0)" },
            ].compactMap { $0 }
            if handling[id] != nil {
                handling[id]!.lines += task
                continue
            }
            let year = try r.decode(Int?.self, "year"), number = try r.decode(Int?.self, "number")
            let code = [try r.decode(String?.self, "code_number"), try r.decode(String?.self, "code_notation")].compactMap { $0 }
                .joined(separator: "/")
            let subject = try r.decode(String?.self, "subject") ?? ""
            let folder = "van-ban-den/" + [
                year.map(String.init) ?? "chua-vao-so", number.map { String(format: "%04d", $0) }, Self.slug(code, limit: 30),
                number == nil ? String(id.uuidString.prefix(8)).lowercased() : nil,
            ].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "-")
            let title = "số đến \(number.map(String.init) ?? "—")/\(year.map(String.init) ?? "—"), \(code), \(subject)"
            order.append(id)
            handling[id] = (folder, title, [
                "Văn bản đến / incoming document: \(title)",
                "Nơi gửi / sender: \(try r.decode(String?.self, "sender_name") ?? "")",
                "Ngày đến / received: \((try r.decode(Date?.self, "received_at")).map(Self.stamp) ?? "")",
                "", "Phần việc của tài khoản / this account's tasks:",
            ] + task)
            if let packet = try JSONColumn.decode(BlobRef.self, try r.decode(String?.self, "packet")) {
                entries.append(Entry(path: "\(folder)/goi-tin-edxml.xml", content: .blob(packet), describes: "gói tin edXML: \(title)"))
            }
            for attachment in try JSONColumn.decode([AttachmentRef].self, try r.decode(String?.self, "attachments")) ?? [] {
                entries.append(Entry(
                    path: "\(folder)/\(Self.fileName(attachment.name))", content: .blob(attachment.blob),
                    describes: "tệp đính kèm: \(title)"))
            }
        }
        for id in order {
            let h = handling[id]!
            let opinionLines = opinionsByDocument[id].map { ["", "Ý kiến đã gửi / opinions sent:"] + $0 } ?? []
            entries.append(Entry(
                path: "\(h.folder)/xu-ly.txt", content: .text((h.lines + opinionLines).joined(separator: "\n") + "\n"),
                describes: "quá trình xử lý: \(h.title)"))
        }
        return entries
    }

    private func drafts(of account: String, agency: String, on db: some PGExecutor) async throws -> [Entry] {
        let store = DraftStore(schema: schema)
        let drafts = try await db.query("""
            SELECT id, state, created_at FROM \(identifier: schema).drafts
            WHERE agency = \(agency) AND (author = \(account)  -- or handed over to a successor when they left
                OR id IN (SELECT draft_id FROM \(identifier: schema).draft_versions WHERE author = \(account)))
            ORDER BY created_at, id
            """).rows
        var entries: [Entry] = []
        for d in drafts {
            let id = try d.decode(UUID.self, "id")
            let versions = try await store.versions(id, on: db)
            guard let last = versions.last else { continue }
            let day = String(Self.stamp(try d.decode(Date.self, "created_at")).prefix(10))
            let folder = "du-thao/\(day)-\(Self.slug(last.subject, limit: 40))-\(id.uuidString.prefix(8).lowercased())"
            for version in versions {
                for file in version.files {
                    entries.append(Entry(
                        path: "\(folder)/v\(version.version)/\(Self.fileName(file.name))", content: .blob(file.blob),
                        describes: "dự thảo v\(version.version) (\(file.kind.rawValue)): \(version.subject)"))
                }
            }
            let comments = try await store.comments(id, on: db).map {
                "\(Self.stamp($0.createdAt))  v\($0.version)  \($0.author)\($0.onBehalfOf.map { " thay / for \($0)" } ?? "") [\($0.kind.rawValue)]: \($0.body)"
            }
            let history = ["Dự thảo / draft: \(last.subject)", "Trạng thái / state: \(try d.decode(String.self, "state"))", ""]
                + versions.map { "v\($0.version)  \(Self.stamp($0.createdAt))  \($0.author)  \($0.files.map(\.name).joined(separator: ", "))" }
                + (comments.isEmpty ? [] : ["", "Ý kiến / comments:"] + comments)
            entries.append(Entry(path: "\(folder)/lich-su.txt", content: .text(history.joined(separator: "\n") + "\n"),
                                 describes: "lịch sử dự thảo: \(last.subject)"))
        }
        return entries
    }

    /// `2026-03-05 14:07` in Vietnam time.
    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// Words folded to ASCII (diacritics and đ as in account names) joined by `-`, at most `limit` characters.
    static func slug(_ text: String, limit: Int) -> String {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { AccountName.fold(String($0)) }.filter { !$0.isEmpty }
        var out = ""
        for word in words {
            let next = out.isEmpty ? word : out + "-" + word
            if next.count > limit { break }
            out = next
        }
        return out
    }

    /// A stored file name, kept when it follows the regulation's rule (it does when intake or drafting took it),
    /// otherwise folded the same way.
    static func fileName(_ name: String) -> String {
        let allowed = name.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
        if allowed, !name.hasPrefix("."), !name.isEmpty { return name }
        let dot = name.lastIndex(of: ".")
        let stem = slug(dot.map { String(name[..<$0]) } ?? name, limit: 50)
        let ext = dot.map { AccountName.fold(String(name[name.index(after: $0)...])) } ?? ""
        return (stem.isEmpty ? "tep" : stem) + (ext.isEmpty ? "" : "." + ext)
    }
}

extension UInt8 {
    fileprivate var isASCIILetterOrDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
    }
}
