import Auth
import Foundation
import Hummingbird
import NIOCore

/// Drafting an outgoing document (soạn thảo văn bản đi): create, upload a version's files, ask colleagues for
/// comments, comment, submit to the leader, and the leader's return with comments, forward and approve.
extension WebSite {
    func addDraftPages(to router: Router<WebContext>) {
        router.get(":site/du-thao") { request, context in
            try await self.page(request, context) { request, context in try await self.drafts(request, context) }
        }
        router.post(":site/du-thao") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let form = try await self.form(request, visit)
                var body: [String: Any] = ["documentType": form.text("documentType") ?? "", "subject": form.text("subject") ?? ""]
                body["recipients"] = (form.text("recipients") ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline })
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if let note = form.text("note") { body["note"] = note }
                // "Soạn văn bản trả lời" on a document page: the draft answers that incoming document.
                if let answers = form.text("answers") { body["answers"] = answers }
                // "Soạn văn bản cập nhật / thay thế" on an issued document's page.
                if let changes = form.text("changes") { body["changes"] = ["draft": changes, "kind": form.text("changeKind") ?? "replacement"] }
                do {
                    let created = try await self.api.json(.POST, .routing, visit.agencyPath + "/drafts", token: token, body: body,
                        forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                    let id = (created["draft"] as? [String: Any])?["id"] as? String ?? ""
                    return self.done(visit, to: "/du-thao/\(id)", "info", "Đã tạo dự thảo. Hãy tải lên tệp chính (PDF).")
                } catch let error as APIRefusal {
                    return try self.refused(visit, to: "/du-thao", error)
                }
            }
        }
        router.get(":site/du-thao/:id") { request, context in
            try await self.page(request, context) { request, context in try await self.draft(request, context) }
        }
        router.post(":site/du-thao/:id/tep") { request, context in
            try await self.action(request, context) { visit, form, token, id in
                guard let file = form.files["file"], !file.bytes.isEmpty else {
                    throw APIRefusal(status: 400, code: "file_required", message: "Hãy chọn tệp để tải lên.")
                }
                let kind = form["kind"] == "main" ? "main" : "appendix"
                let name = Self.safeFileName(file.name)
                let raw = try await self.api.raw(
                    .PUT, .routing, visit.agencyPath + "/drafts/\(id)/files/\(ServiceClient.escape(name))?kind=\(kind)", token: token,
                    body: ByteBuffer(bytes: file.bytes), contentType: "application/octet-stream", forwardedFor: visit.forwardedFor,
                    userAgent: visit.userAgent)
                _ = try ServiceClient.decode(raw)
                return ("/du-thao/\(id)", "Đã tải lên \(name): một phiên bản mới.")
            }
        }
        let simple: [(String, String, String, @Sendable (FormData) -> [String: Any])] = [
            ("xin-y-kien", "reviewers", "Đã gửi đề nghị góp ý.", { ["accounts": $0.all("accounts")] }),
            ("binh-luan", "comments", "Đã gửi góp ý.", { ["text": $0.text("text") ?? ""] }),
            ("trinh", "submit", "Đã trình dự thảo.", { ["leader": $0.text("leader") ?? ""] }),
            ("tra-lai", "return", "Đã trả lại dự thảo kèm ý kiến.", { ["text": $0.text("text") ?? ""] }),
            ("chuyen", "forward", "Đã chuyển dự thảo lên thủ trưởng.", { _ in [:] }),
            ("duyet", "approve", "Đã duyệt dự thảo; văn bản chuyển sang ký số.", { _ in [:] }),
        ]
        for (slug, api, message, makeBody) in simple {
            router.post(":site/du-thao/:id/\(slug)") { request, context in
                try await self.action(request, context) { visit, form, token, id in
                    try await self.api.json(.POST, .routing, visit.agencyPath + "/drafts/\(id)/\(api)", token: token, body: makeBody(form),
                        forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                    return ("/du-thao/\(id)", message)
                }
            }
        }
    }

    /// A file name the API takes (`^[A-Za-z0-9_-]+\.[A-Za-z0-9]+$`, ≤ 50): diacritics and spaces folded away.
    static func safeFileName(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).replacingOccurrences(of: "đ", with: "d")
        let ext = (folded as NSString).pathExtension.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        var stem = String((folded as NSString).deletingPathExtension.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
        if stem.isEmpty { stem = "tep" }
        let maxStem = max(1, 50 - ext.count - 1)
        return String(stem.prefix(maxStem)) + "." + (ext.isEmpty ? "bin" : ext)
    }

    func drafts(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        let list = try await api.json(.GET, .routing, visit.agencyPath + "/drafts?limit=50", token: token)
        let items = list["items"] as? [[String: Any]] ?? []
        // The list holds no subjects: each draft's current version gives its own, fetched side by side.
        let subjects = await withTaskGroup(of: (String, String?).self) { group in
            for d in items {
                let id = d["id"] as? String ?? ""
                group.addTask {
                    let detail = try? await self.api.json(.GET, .routing, visit.agencyPath + "/drafts/\(ServiceClient.escape(id))", token: token)
                    return (id, (detail?["version"] as? [String: Any])?["subject"] as? String)
                }
            }
            var all: [String: String] = [:]
            for await (id, subject) in group { if let subject { all[id] = subject } }
            return all
        }
        let rows = items.map { d -> [String: Any] in
            var row = draftRow(d, visit)
            row["subject"] = subjects[d["id"] as? String ?? ""] ?? "(không có trích yếu)"
            return row
        }
        let canCreate = !identity.roles.isDisjoint(with: [.specialist, .departmentHead])
        return render("drafts", visit, title: "Dự thảo văn bản", ["drafts": rows, "canCreate": canCreate])
    }

    func draftRow(_ d: [String: Any], _ visit: Visit) -> [String: Any] {
        [
            "href": visit.link("/du-thao/\(d["id"] as? String ?? "")"), "author": d["author"] as Any,
            "state": Labels.draftState(d["state"] as? String), "version": d["currentVersion"] as Any, "leader": d["leader"] as Any,
            "updatedAt": VietnamDates.day(iso: d["updatedAt"] as? String, withTime: true) as Any,
            "subject": d["subject"] as Any,
        ]
    }

    func draft(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        let id = ServiceClient.escape(context.parameters.get("id") ?? "")
        async let detailCall = Sent(value: try await api.json(.GET, .routing, visit.agencyPath + "/drafts/\(id)", token: token))
        async let versionsCall = Sent(value: try await api.json(.GET, .routing, visit.agencyPath + "/drafts/\(id)/versions", token: token))
        async let peopleCall = Sent(value: await people(visit, token))
        let detail = try await detailCall.value
        let versions = try await versionsCall.value
        let (users, _) = await peopleCall.value
        let names = Dictionary(users.compactMap { u in (u["account"] as? String).map { ($0, u["fullName"] as? String ?? $0) } }, uniquingKeysWith: { a, _ in a })
        func name(_ account: Any?) -> String {
            guard let account = account as? String else { return "" }
            return names[account].map { "\($0) (\(account))" } ?? account
        }
        let draft = detail["draft"] as? [String: Any] ?? [:]
        let version = detail["version"] as? [String: Any] ?? [:]
        let state = draft["state"] as? String ?? ""
        let me = identity.onBehalfOf ?? identity.account
        let isAuthor = draft["author"] as? String == identity.account
        func files(_ v: [String: Any]) -> [[String: Any]] {
            (v["files"] as? [[String: Any]] ?? []).map { f -> [String: Any] in
                let blob = f["blob"] as? [String: Any]
                return ["name": f["name"] as Any, "kind": f["kind"] as? String == "main" ? "Tệp chính" : "Phụ lục", "size": Self.size(blob?["size"] as? Int ?? 0)]
            }
        }
        var data: [String: Any] = [
            "id": id, "action": visit.link("/du-thao/\(id)"),
            "subject": version["subject"] as? String ?? "", "documentType": version["documentType"] as Any,
            "recipients": (version["recipients"] as? [String] ?? []).joined(separator: ", "),
            "author": name(draft["author"]), "state": Labels.draftState(state), "currentVersion": draft["currentVersion"] as Any,
            "leader": draft["leader"].map(name) as Any, "files": files(version), "issuedNumber": draft["issuedNumber"] as Any,
            "issuedOn": VietnamDates.day(iso: draft["issuedOn"] as? String) as Any,
            "issuedPDF": visit.link("/so-di/\(id)/van-ban.pdf"),
            "reviewers": (detail["reviewers"] as? [String] ?? []).map(name).joined(separator: ", "),
        ]
        data["versions"] = (versions["versions"] as? [[String: Any]] ?? []).reversed().map { v -> [String: Any] in
            [
                "version": v["version"] as Any, "subject": v["subject"] as Any, "author": name(v["author"]),
                "at": VietnamDates.day(iso: v["createdAt"] as? String, withTime: true) as Any, "note": v["note"] as Any,
                "files": files(v).map { "\($0["name"] as? String ?? "") (\($0["kind"] as? String ?? ""))" }.joined(separator: ", "),
                "current": v["version"] as? Int == draft["currentVersion"] as? Int,
            ]
        }
        data["comments"] = (detail["comments"] as? [[String: Any]] ?? []).map { c -> [String: Any] in
            [
                "kind": Labels.commentKind(c["kind"] as? String), "author": name(c["author"]), "version": c["version"] as Any,
                "body": c["body"] as Any, "at": VietnamDates.day(iso: c["createdAt"] as? String, withTime: true) as Any,
            ]
        }
        let editable = isAuthor && (state == "drafting" || state == "returned")
        data["editable"] = editable
        if editable {
            data["colleagues"] = users.filter { $0["account"] as? String != identity.account }.map { ["account": $0["account"] as Any, "label": name($0["account"])] as [String: Any] }
            data["leaders"] = users.filter { u in (u["roles"] as? [String] ?? []).contains { $0 == "head" || $0 == "deputy" } }
                .map { ["account": $0["account"] as Any, "label": name($0["account"])] as [String: Any] }
        }
        let holds = (state == "submitted" && draft["leader"] as? String == me) || (state == "forwarded" && identity.roles.contains(.head))
        data["canDecide"] = holds
        data["canForward"] = holds && state == "submitted" && identity.roles.contains(.deputy) && !identity.roles.contains(.head)
        data["canApprove"] = holds && identity.roles.contains(.head)
        data.merge(Self.recall(draft: draft, version: version, identity: identity, name: name)) { _, new in new }
        return render("draft", visit, title: "Dự thảo: \(data["subject"] as? String ?? "")", data)
    }
}
