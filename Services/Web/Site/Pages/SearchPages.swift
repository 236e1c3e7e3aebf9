import Foundation
import Hummingbird

/// "Tìm kiếm": the archive's search (`GET /search` on archive) — words with or without diacritics in the metadata and
/// the PDFs' text, filters, only what the user may see. `after` (a document id, e.g. from a document page's link)
/// is passed on as the consistency token, so a document registered a moment ago is found at once. The dossier filter
/// takes a dossier's code or words of its title (with or without diacritics): one match narrows the search to what
/// it holds, several are offered to pick from. "Nơi gửi" offers the agency's senders (`GET /search/senders`).
extension WebSite {
    func addSearchPages(to router: Router<WebContext>) {
        router.get(":site/tim-kiem") { request, context in
            try await self.page(request, context) { request, context in try await self.search(request, context) }
        }
    }

    static let searchTypes = ["Công văn", "Quyết định", "Kế hoạch", "Báo cáo", "Thông báo", "Tờ trình", "Chỉ thị", "Công điện", "Giấy mời"]

    func search(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, _, token) = try await signedIn(request, context)
        let p = request
        var items: [String] = []
        for key in ["q", "sender", "type", "register", "direction"] {
            if let v = p.query(key)?.trimmingCharacters(in: .whitespaces), !v.isEmpty { items.append("\(key)=\(ServiceClient.escape(v))") }
        }
        for key in ["from", "to"] {
            if let v = p.query(key)?.trimmingCharacters(in: .whitespaces), !v.isEmpty {
                guard let iso = VietnamDates.isoDay(fromInput: v) else {
                    throw APIRefusal(status: 400, code: "invalid_parameter", message: "Ngày \"\(v)\" không hợp lệ (dd/MM/yyyy).")
                }
                items.append("\(key)=\(iso)")
            }
        }
        // The dossier: picked from the offered ones (`dossierId`, with its code in the field), or typed (a code or words
        // of the title) and looked up among the agency's dossiers.
        let typed = p.query("dossier")?.trimmingCharacters(in: .whitespaces) ?? ""
        var dossierId: String?, dossierLabel: String?, dossierChoices: [[String: Any]] = []
        if let picked = p.query("dossierId"), UUID(uuidString: picked) != nil {
            let d = try await api.json(.GET, .archive, visit.agencyPath + "/dossiers/\(picked)", token: token)["dossier"] as? [String: Any] ?? [:]
            if typed.isEmpty || typed == d["code"] as? String {
                dossierId = picked
                dossierLabel = "\(d["code"] as? String ?? "") — \(d["title"] as? String ?? "")"
            }
        }
        if dossierId == nil, !typed.isEmpty {
            let found = try await api.json(.GET, .archive, visit.agencyPath + "/dossiers?limit=20&q=" + ServiceClient.escape(typed), token: token)
            let list = found["items"] as? [[String: Any]] ?? []
            if list.count == 1, let id = list[0]["id"] as? String {
                dossierId = id
                dossierLabel = "\(list[0]["code"] as? String ?? "") — \(list[0]["title"] as? String ?? "")"
            } else {
                let others = items
                dossierChoices = list.map { d in
                    let code = d["code"] as? String ?? ""
                    let link = others + ["dossier=\(ServiceClient.escape(code))", "dossierId=\(d["id"] as? String ?? "")"]
                    return ["code": code, "title": d["title"] as Any, "year": d["year"] as Any,
                            "href": visit.link("/tim-kiem") + "?" + link.joined(separator: "&")]
                }
            }
        }
        let dossierUnresolved = !typed.isEmpty && dossierId == nil
        let pickedId = p.query("dossierId") == dossierId ? dossierId : nil
        let filters = items + (typed.isEmpty ? [] : ["dossier=\(ServiceClient.escape(typed))"]) + (pickedId.map { ["dossierId=\($0)"] } ?? [])
        if let dossierId { items.append("dossier=\(dossierId)") }
        if let after = p.query("after"), after.allSatisfy({ $0.isHexDigit || $0 == "-" || $0 == "," }), !after.isEmpty {
            items.append("after=\(after)")
        }
        let offset = max(0, Int(p.query("offset") ?? "") ?? 0)
        items.append("limit=20")
        if offset > 0 { items.append("offset=\(offset)") }
        // Several dossiers match, or none: the user picks one (or retypes) before anything is searched.
        let searched = !filters.isEmpty && !dossierUnresolved
        var data: [String: Any] = [
            "q": p.query("q") ?? "", "sender": p.query("sender") ?? "", "register": p.query("register") ?? "",
            "dossier": typed, "dossierId": pickedId as Any, "dossierLabel": dossierLabel as Any, "dossierChoices": dossierChoices, "hasDossierChoices": !dossierChoices.isEmpty,
            "dossierNotFound": dossierUnresolved && dossierChoices.isEmpty,
            "from": p.query("from") ?? "", "to": p.query("to") ?? "", "searched": searched,
            "types": Self.searchTypes.map { ["name": $0, "selected": p.query("type") == $0] },
            "directions": [("", "Tất cả"), ("incoming", "Văn bản đến"), ("outgoing", "Văn bản đi")].map { value, label in
                ["value": value, "label": label, "selected": (p.query("direction") ?? "") == value] },
        ]
        // "Nơi gửi" offers the agency's senders (the browser narrows the list as one types); the page works without it.
        if let senders = try? await api.json(.GET, .archive, "/search/senders?limit=500", token: token)["items"] as? [[String: Any]] {
            data["senders"] = senders.map { ["name": $0["name"] as Any, "code": $0["code"] as Any] }
        }
        if searched {
            let page = try await api.json(.GET, .archive, "/search?" + items.joined(separator: "&"), token: token)
            let hits: [[String: Any]] = (page["items"] as? [[String: Any]] ?? []).map { h in
                let incoming = (h["direction"] as? String) == "incoming"
                return [
                    "href": incoming ? visit.link("/van-ban/\(h["documentId"] as? String ?? "")") : "",
                    "direction": incoming ? "Đến" : "Đi",
                    "number": h["number"] as Any, "reference": h["reference"] as Any,
                    "day": VietnamDates.day(iso: h["day"] as? String) as Any, "documentType": h["documentType"] as Any,
                    "subject": h["subject"] as Any, "sender": h["sender"] as Any, "snippet": h["snippet"] as Any,
                ]
            }
            data["hits"] = hits
            data["count"] = hits.count
            data["pending"] = !((page["pending"] as? [Any]) ?? []).isEmpty
            let base = visit.link("/tim-kiem") + "?" + filters.joined(separator: "&")
            if let next = page["next"] as? Int { data["next"] = base + "&offset=\(next)" }
            if offset > 0 { data["firstPage"] = base }
        }
        return render("search", visit, title: "Tìm kiếm văn bản", data)
    }
}
