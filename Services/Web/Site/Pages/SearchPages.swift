import Foundation
import Hummingbird

/// "Tìm kiếm": the archive's search (`GET /search` on archive) — words with or without diacritics in the metadata and
/// the PDFs' text, filters, only what the user may see. `after` (a document id, e.g. from a document page's link)
/// is passed on as the consistency token, so a document registered a moment ago is found at once.
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
        let filters = items
        if let after = p.query("after"), after.allSatisfy({ $0.isHexDigit || $0 == "-" || $0 == "," }), !after.isEmpty {
            items.append("after=\(after)")
        }
        let offset = max(0, Int(p.query("offset") ?? "") ?? 0)
        items.append("limit=20")
        if offset > 0 { items.append("offset=\(offset)") }
        let searched = !filters.isEmpty
        var data: [String: Any] = [
            "q": p.query("q") ?? "", "sender": p.query("sender") ?? "", "register": p.query("register") ?? "",
            "from": p.query("from") ?? "", "to": p.query("to") ?? "", "searched": searched,
            "types": Self.searchTypes.map { ["name": $0, "selected": p.query("type") == $0] },
            "directions": [("", "Tất cả"), ("incoming", "Văn bản đến"), ("outgoing", "Văn bản đi")].map { value, label in
                ["value": value, "label": label, "selected": (p.query("direction") ?? "") == value] },
        ]
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
