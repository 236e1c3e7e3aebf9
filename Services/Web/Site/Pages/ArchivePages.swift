import Auth
import Foundation
import Hummingbird
import NIOCore

/// Dossiers (hồ sơ, regulation art. 13–14): the year's file list and the agency's dossiers, one dossier with its
/// documents (file, take out, close, reopen, submit to the archive), and the archivist's queue (accept or return with
/// reasons, transfers falling due, disposal lists approved twice). The archive service decides; the pages only ask.
extension WebSite {
    func addArchivePages(to router: Router<WebContext>) {
        router.get(":site/ho-so") { request, context in
            try await self.page(request, context) { request, context in try await self.dossiersPage(request, context) }
        }
        router.get(":site/ho-so/:id") { request, context in
            try await self.page(request, context) { request, context in try await self.dossierPage(request, context) }
        }
        router.get(":site/luu-tru") { request, context in
            try await self.page(request, context) { request, context in try await self.archivistPage(request, context) }
        }
        router.post(":site/ho-so/danh-muc") { request, context in
            try await self.action(request, context) { visit, form, token, _ in
                var body: [String: Any] = [
                    "year": Int(form.text("year") ?? "") ?? 0, "heading": form.text("heading") ?? "", "code": form.text("code") ?? "",
                    "title": form.text("title") ?? "",
                ]
                Self.retention(form, into: &body, yearsKey: "retentionYears")
                if let r = form.text("responsible"), !r.isEmpty { body["responsible"] = r }
                let item = try await self.api.json(.POST, .archive, visit.agencyPath + "/file-list/items", token: token, body: body)
                return ("/ho-so", "Đã thêm hồ sơ \(item["code"] as? String ?? "") vào danh mục.")
            }
        }
        router.post(":site/ho-so/mo") { request, context in
            try await self.action(request, context) { visit, form, token, _ in
                var body: [String: Any] = [:]
                if let item = form.text("itemId"), !item.isEmpty {
                    body["itemId"] = item
                } else {
                    body["code"] = form.text("code") ?? ""
                    body["title"] = form.text("title") ?? ""
                    Self.retention(form, into: &body, yearsKey: "retentionYears")
                }
                if form["autoFile"] == "1" { body["autoFile"] = true }
                let d = try await self.api.json(.POST, .archive, visit.agencyPath + "/dossiers", token: token, body: body)
                return ("/ho-so/\(ServiceClient.escape(d["id"] as? String ?? ""))", "Đã mở hồ sơ \(d["code"] as? String ?? "").")
            }
        }
        let actions: [(String, String, @Sendable (FormData) -> [String: Any]?, String)] = [
            ("dong", "close", { form in
                var body: [String: Any] = [:]
                Self.retention(form, into: &body, yearsKey: "retentionYears")
                if let r = form.text("retentionReason"), !r.isEmpty { body["retentionReason"] = r }
                return body
            }, "Đã kết thúc hồ sơ; bản nháp và bản trùng đã được loại ra."),
            ("mo-lai", "reopen", { form in ["reason": form.text("reason") ?? ""] }, "Đã mở lại hồ sơ."),
            ("nop-luu", "submit", { _ in nil }, "Đã nộp lưu hồ sơ; chờ lưu trữ cơ quan tiếp nhận."),
            ("tiep-nhan", "accept", { _ in nil }, "Đã tiếp nhận hồ sơ vào lưu trữ cơ quan."),
            ("tra-lai", "return", { form in
                ["reasons": (form.text("reasons") ?? "").split(whereSeparator: \.isNewline).map(String.init)]
            }, "Đã trả lại hồ sơ kèm lý do."),
            ("nop-van-ban", "documents", { form in ["documentId": form.text("documentId") ?? ""] }, "Đã đưa văn bản vào hồ sơ."),
        ]
        for (segment, apiAction, makeBody, message) in actions {
            router.post(":site/ho-so/:id/\(segment)") { request, context in
                try await self.action(request, context) { visit, form, token, id in
                    _ = try await self.api.json(
                        .POST, .archive, visit.agencyPath + "/dossiers/\(id)/\(apiAction)", token: token, body: makeBody(form) ?? [:])
                    return (segment == "tiep-nhan" || segment == "tra-lai" ? "/luu-tru" : "/ho-so/\(id)", message)
                }
            }
        }
        router.post(":site/ho-so/:id/bo/:doc") { request, context in
            try await self.action(request, context) { visit, _, token, id in
                let doc = ServiceClient.escape(context.parameters.get("doc") ?? "")
                _ = try await self.api.raw(.DELETE, .archive, visit.agencyPath + "/dossiers/\(id)/documents/\(doc)", token: token)
                    .checked()
                return ("/ho-so/\(id)", "Đã đưa văn bản ra khỏi hồ sơ.")
            }
        }
        router.post(":site/luu-tru/huy") { request, context in
            try await self.action(request, context) { visit, form, token, _ in
                let list = try await self.api.json(
                    .POST, .archive, visit.agencyPath + "/disposal-lists", token: token,
                    body: ["title": form.text("title") ?? "", "dossierIds": form.all("dossierId")])
                return ("/luu-tru", "Đã lập danh mục hủy \"\(list["title"] as? String ?? "")\"; cần hai lần duyệt.")
            }
        }
        router.post(":site/luu-tru/huy/:id/duyet") { request, context in
            try await self.action(request, context) { visit, _, token, id in
                let list = try await self.api.json(.POST, .archive, visit.agencyPath + "/disposal-lists/\(id)/approve", token: token)
                let executed = list["state"] as? String == "executed"
                return ("/luu-tru", executed ? "Đã duyệt lần hai: các hồ sơ trong danh mục đã được hủy." : "Đã duyệt lần một; cần người thứ hai duyệt.")
            }
        }
    }

    /// `permanent=1` or `retentionYears=N` from a form.
    static func retention(_ form: FormData, into body: inout [String: Any], yearsKey: String) {
        if form["permanent"] == "1" {
            body["permanent"] = true
        } else if let y = form.text(yearsKey).flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            body[yearsKey] = y
        }
    }

    static func retentionText(_ years: Any?) -> String { (years as? Int).map { "\($0) năm" } ?? "Vĩnh viễn" }

    static let dossierStates = [
        "open": "Đang lập", "closed": "Đã kết thúc", "submitted": "Đã nộp lưu, chờ tiếp nhận", "archived": "Lưu trữ cơ quan",
        "disposed": "Đã hủy",
    ]

    func dossierRow(_ d: [String: Any], _ visit: Visit) -> [String: Any] {
        let id = d["id"] as? String ?? ""
        return [
            "id": id, "href": visit.link("/ho-so/\(ServiceClient.escape(id))"), "code": d["code"] as Any, "title": d["title"] as Any,
            "retention": Self.retentionText(d["retentionYears"]), "creator": d["creator"] as Any,
            "state": Self.dossierStates[d["state"] as? String ?? ""] ?? "", "documentCount": d["documentCount"] as Any,
            // Due only while the keeper still holds it (closed, not yet submitted).
            "transferDue": (d["state"] as? String == "closed" ? VietnamDates.day(iso: d["transferDue"] as? String) : nil) as Any,
        ]
    }

    func dossiersPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        let year = request.query("year").flatMap { Int($0) }.flatMap { (1900...9999).contains($0) ? $0 : nil }
            ?? Calendar(identifier: .gregorian).component(.year, from: Date())
        async let listCall = api.json(.GET, .archive, visit.agencyPath + "/file-list?year=\(year)", token: token)
        async let dossiersCall = api.json(.GET, .archive, visit.agencyPath + "/dossiers?year=\(year)", token: token)
        async let unfiledCall = api.json(.GET, .archive, visit.agencyPath + "/unfiled-documents", token: token)
        let (list, dossiers, unfiled) = try await (listCall, dossiersCall, unfiledCall)
        let items = (list["items"] as? [[String: Any]] ?? []).map { i -> [String: Any] in
            ["id": i["id"] as Any, "heading": i["heading"] as Any, "code": i["code"] as Any, "title": i["title"] as Any,
             "retention": Self.retentionText(i["retentionYears"]), "responsible": i["responsible"] as Any]
        }
        let all = (dossiers["items"] as? [[String: Any]] ?? []).map { dossierRow($0, visit) }
        let mine = (dossiers["items"] as? [[String: Any]] ?? []).filter { $0["creator"] as? String == identity.account }.map { dossierRow($0, visit) }
        let edits = !identity.roles.isDisjoint(with: [.clerk, .archivist, .head])
        return render("dossiers", visit, title: "Hồ sơ", [
            "year": year, "items": items, "dossiers": all, "mine": mine, "canEditList": edits && list["approvedBy"] == nil,
            "approvedBy": list["approvedBy"] as Any, "permanentCount": list["permanentCount"] as Any, "fixedTermCount": list["fixedTermCount"] as Any,
            "unfiledCount": (unfiled["items"] as? [Any])?.count ?? 0, "hasUnfiled": !((unfiled["items"] as? [Any])?.isEmpty ?? true),
            "addItem": visit.link("/ho-so/danh-muc"), "open": visit.link("/ho-so/mo"),
        ])
    }

    func dossierPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        let id = ServiceClient.escape(context.parameters.get("id") ?? "")
        async let detailCall = api.json(.GET, .archive, visit.agencyPath + "/dossiers/\(id)", token: token)
        async let unfiledCall = api.json(.GET, .archive, visit.agencyPath + "/unfiled-documents", token: token)
        let detail = try await detailCall
        let unfiled = (try? await unfiledCall) ?? [:]
        let d = detail["dossier"] as? [String: Any] ?? [:]
        let state = d["state"] as? String ?? ""
        let keeper = d["creator"] as? String == identity.account || identity.roles.contains(.head)
        let base = "/ho-so/\(id)"
        let documents = (detail["documents"] as? [[String: Any]] ?? []).map { e -> [String: Any] in
            let doc = e["document"] as? [String: Any] ?? [:]
            let docId = doc["documentId"] as? String ?? ""
            let signatures = (doc["signatures"] as? [[String: Any]] ?? []).map { s in
                "\(Self.signatureKinds[s["kind"] as? String ?? ""] ?? "") \(Self.verdicts[s["verdict"] as? String ?? ""] ?? "")"
            }.joined(separator: "; ")
            var row: [String: Any] = [
                "ordinal": e["ordinal"] as Any, "code": doc["code"] as Any, "subject": doc["subject"] as Any,
                "direction": doc["direction"] as? String == "outgoing" ? "Đi" : "Đến",
                "date": VietnamDates.day(iso: doc["documentDate"] as? String) as Any, "party": doc["party"] as Any,
                "how": e["filedHow"] as? String == "manual" ? "Thủ công" : "Tự động", "signatures": signatures,
            ]
            if keeper && state == "open" { row["remove"] = visit.link("\(base)/bo/\(ServiceClient.escape(docId))") }
            return row
        }
        let history = (detail["history"] as? [[String: Any]] ?? []).map { h -> [String: Any] in
            let details = (h["details"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
            return ["action": Self.historyActions[h["action"] as? String ?? ""] ?? h["action"] as Any, "actor": h["actor"] as Any,
                    "at": VietnamDates.day(iso: h["at"] as? String, withTime: true) as Any, "details": details]
        }
        let candidates = (unfiled["items"] as? [[String: Any]] ?? []).map { doc -> [String: Any] in
            ["id": doc["documentId"] as Any, "label": "\(doc["code"] as? String ?? "") — \(doc["subject"] as? String ?? "")"]
        }
        let urgency = detail["transferUrgency"] as? String
        let isArchivist = identity.roles.contains(.archivist)
        var data: [String: Any] = [
            "dossier": dossierRow(d, visit), "documents": documents, "history": history,
            // The archive's reasons matter while the keeper is fixing the dossier, not once it is submitted again.
            "returnedReasons": state == "closed" ? d["returnedReasons"] as? [String] ?? [] : [], "archiveReference": d["archiveReference"] as Any,
            "retentionReason": d["retentionReason"] as Any,
            "dueSoon": urgency == "dueSoon", "overdue": urgency == "overdue",
        ]
        if keeper && state == "open" {
            data["file"] = visit.link("\(base)/nop-van-ban")
            data["candidates"] = candidates
            data["close"] = visit.link("\(base)/dong")
        }
        if keeper && state == "closed" {
            data["reopen"] = visit.link("\(base)/mo-lai")
            if (d["documentCount"] as? Int ?? 0) > 0 { data["submit"] = visit.link("\(base)/nop-luu") }
        }
        if isArchivist && state == "submitted" {
            data["accept"] = visit.link("\(base)/tiep-nhan")
            data["giveBack"] = visit.link("\(base)/tra-lai")
        }
        return render("dossier", visit, title: "Hồ sơ \(d["code"] as? String ?? "")", data)
    }

    func archivistPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        async let queueCall = api.json(.GET, .archive, visit.agencyPath + "/archive/queue", token: token)
        async let dueCall = api.json(.GET, .archive, visit.agencyPath + "/archive/transfers-due", token: token)
        async let candidatesCall = api.json(.GET, .archive, visit.agencyPath + "/archive/disposal-candidates", token: token)
        async let listsCall = api.json(.GET, .archive, visit.agencyPath + "/disposal-lists", token: token)
        let (queue, due, candidates, lists) = try await (queueCall, dueCall, candidatesCall, listsCall)
        let isArchivist = identity.roles.contains(.archivist)
        let queued = (queue["items"] as? [[String: Any]] ?? []).map { d -> [String: Any] in
            var row = dossierRow(d, visit)
            if isArchivist {
                let id = ServiceClient.escape(d["id"] as? String ?? "")
                row["accept"] = visit.link("/ho-so/\(id)/tiep-nhan")
                row["giveBack"] = visit.link("/ho-so/\(id)/tra-lai")
            }
            return row
        }
        let dueRows = (due["items"] as? [[String: Any]] ?? []).map { item -> [String: Any] in
            var row = dossierRow(item["dossier"] as? [String: Any] ?? [:], visit)
            row["overdue"] = item["urgency"] as? String == "overdue"
            return row
        }
        let disposal = (lists["items"] as? [[String: Any]] ?? []).map { l -> [String: Any] in
            let state = l["state"] as? String ?? ""
            var row: [String: Any] = [
                "title": l["title"] as Any, "proposedBy": l["proposedBy"] as Any,
                "state": ["proposed": "Chờ duyệt lần một", "approvedOnce": "Chờ duyệt lần hai", "executed": "Đã hủy"][state] ?? state,
                "firstApprover": l["firstApprover"] as Any, "secondApprover": l["secondApprover"] as Any,
                "items": (l["items"] as? [[String: Any]] ?? []).map { i in
                    ["fileCode": i["fileCode"] as Any, "title": i["title"] as Any, "documentCount": i["documentCount"] as Any]
                },
            ]
            if state != "executed" && !identity.roles.isDisjoint(with: [.archivist, .head]) {
                row["approve"] = visit.link("/luu-tru/huy/\(ServiceClient.escape(l["id"] as? String ?? ""))/duyet")
            }
            return row
        }
        return render("archivist", visit, title: "Lưu trữ cơ quan", [
            "queue": queued, "due": dueRows, "candidates": (candidates["items"] as? [[String: Any]] ?? []).map { dossierRow($0, visit) },
            "lists": disposal, "isArchivist": isArchivist, "propose": visit.link("/luu-tru/huy"),
        ])
    }

    static let signatureKinds = ["packet": "Chữ ký gói tin", "leader": "Chữ ký lãnh đạo", "seal": "Chữ ký cơ quan"]
    static let verdicts = ["valid": "hợp lệ", "made": "đã ký trên hệ thống", "unverified": "chưa xác minh được", "absent": "không có"]
    static let historyActions = [
        "open": "Mở hồ sơ", "file": "Đưa văn bản vào", "remove": "Đưa văn bản ra", "close": "Kết thúc", "reopen": "Mở lại",
        "retention": "Đổi thời hạn bảo quản", "submit": "Nộp lưu", "return": "Trả lại", "accept": "Tiếp nhận",
        "dispose.propose": "Đưa vào danh mục hủy", "dispose": "Hủy",
    ]
}

extension ServiceClient.Raw {
    /// The raw answer, or the API's refusal.
    func checked() throws -> Self {
        _ = try ServiceClient.decode(self)
        return self
    }
}
