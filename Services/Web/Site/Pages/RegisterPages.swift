import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The incoming register (sổ đăng ký văn bản đến): search with or without diacritics (numbering folds both sides),
/// filters by date, sender and number; the printable register as PDF and CSV is numbering's own.
extension WebSite {
    func addRegisterPages(to router: Router<WebContext>) {
        router.get(":site/so-den") { request, context in
            try await self.page(request, context) { request, context in try await self.register(request, context) }
        }
        for (suffix, _) in [("pdf", "application/pdf"), ("csv", "text/csv")] {
            router.get(":site/so-den.\(suffix)") { request, context in
                try await self.page(request, context) { request, context in
                    let (visit, _, token) = try await self.signedIn(request, context)
                    let query = try self.registerQuery(request, paging: false)
                    let raw = try await self.api.raw(.GET, .numbering, visit.agencyPath + "/registers/incoming.\(suffix)" + query, token: token)
                    return try self.passOn(raw, visit)
                }
            }
        }
    }

    /// The filters in the address, as numbering's query; dates typed dd/MM/yyyy or picked yyyy-MM-dd.
    func registerQuery(_ request: Request, paging: Bool) throws -> String {
        let p = request
        var items: [String] = []
        for key in ["q", "sender"] {
            if let v = p.query(key)?.trimmingCharacters(in: .whitespaces), !v.isEmpty { items.append("\(key)=\(ServiceClient.escape(v))") }
        }
        if let v = p.query("number")?.trimmingCharacters(in: .whitespaces), !v.isEmpty {
            guard let n = Int(v), n > 0 else { throw APIRefusal(status: 400, code: "invalid_parameter", message: "Số đến phải là số nguyên dương.") }
            items.append("number=\(n)")
        }
        for key in ["from", "to"] {
            if let v = p.query(key)?.trimmingCharacters(in: .whitespaces), !v.isEmpty {
                guard let iso = VietnamDates.isoDay(fromInput: v) else {
                    throw APIRefusal(status: 400, code: "invalid_parameter", message: "Ngày \"\(v)\" không hợp lệ (dd/MM/yyyy).")
                }
                items.append("\(key)=\(iso)")
            }
        }
        if paging {
            // Keyset paging: `cursor` is the previous page's `next` (year-number).
            items.append("limit=50")
            if let cursor = p.query("cursor"), cursor.allSatisfy({ $0.isNumber || $0 == "-" }), !cursor.isEmpty {
                items.append("cursor=\(cursor)")
            }
        }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }

    func register(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, _, token) = try await signedIn(request, context)
        let p = request
        let filters = try registerQuery(request, paging: false)
        let page = try await api.json(.GET, .numbering, visit.agencyPath + "/registers/incoming" + (try registerQuery(request, paging: true)), token: token)
        let entries: [[String: Any]] = (page["items"] as? [[String: Any]] ?? []).map { e in
            let sender = e["sender"] as? [String: Any]
            return [
                "href": visit.link("/van-ban/\(e["documentId"] as? String ?? "")"),
                "number": e["number"] as Any, "year": e["year"] as Any,
                "arrivedAt": VietnamDates.day(iso: e["arrivedAt"] as? String, withTime: true) as Any,
                "sender": sender?["name"] as Any,
                "code": [e["codeNumber"] as? String, e["codeNotation"] as? String].compactMap { $0 }.joined(separator: "/"),
                "promulgated": VietnamDates.day(iso: e["promulgationDate"] as? String) as Any,
                "documentType": e["documentType"] as Any, "subject": e["subject"] as Any,
                "priority": Labels.priority(e["priority"] as? Int) as Any,
            ]
        }
        var data: [String: Any] = [
            "entries": entries, "count": entries.count,
            "q": p.query("q") ?? "", "sender": p.query("sender") ?? "", "number": p.query("number") ?? "",
            "from": p.query("from") ?? "", "to": p.query("to") ?? "",
            "pdf": visit.link("/so-den.pdf") + filters, "csv": visit.link("/so-den.csv") + filters,
        ]
        if p.query("cursor") != nil { data["firstPage"] = visit.link("/so-den") + filters }
        if let next = page["next"] as? String {
            data["next"] = visit.link("/so-den") + (filters.isEmpty ? "?" : filters + "&") + "cursor=\(ServiceClient.escape(next))"
        }
        return render("register", visit, title: "Sổ văn bản đến", data)
    }

    /// `attachment` with the service's file name, whatever disposition the service gave.
    static func downloadDisposition(_ given: String?) -> String {
        guard let given, let range = given.range(of: "filename") else { return "attachment" }
        return "attachment; " + given[range.lowerBound...]
    }

    /// A file from a service (PDF, CSV, attachment) passed on as it came, or the service's refusal as a page.
    func passOn(_ raw: ServiceClient.Raw, _ visit: Visit) throws -> Response {
        guard (200..<300).contains(raw.status) else { _ = try ServiceClient.decode(raw); throw HTTPError(.badGateway) }
        var headers: HTTPFields = [.cacheControl: "private, no-store"]
        for name in ["Content-Type", "Content-Disposition", "ETag"] {
            if let value = raw.headers.first(name: name), let field = HTTPField.Name(name) { headers[field] = value }
        }
        // A file a sender chose (an attachment) must not run as a page of this site: only a PDF opens in the
        // browser (the preview); anything else is a download, sandboxed should a browser open it anyway.
        let type = (raw.headers.first(name: "Content-Type") ?? "").lowercased()
        if !type.hasPrefix("application/pdf") {
            headers[.contentDisposition] = Self.downloadDisposition(raw.headers.first(name: "Content-Disposition"))
            headers[HTTPField.Name("Content-Security-Policy")!] = "sandbox; default-src 'none'"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: raw.body))
    }
}
