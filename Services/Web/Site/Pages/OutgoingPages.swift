import Auth
import Foundation
import Hummingbird
import NIOCore

/// Outgoing numbering (cấp số văn bản đi, Decree 30 art. 15, regulation art. 12.3): the clerk's queue of
/// leader-signed documents, the number and date asked for one, a number withdrawn before issue, the outgoing register
/// (sổ đăng ký văn bản đi) with numbering's PDF and CSV, and the issued PDF. Numbering gives and refuses; the pages
/// only ask.
extension WebSite {
    func addOutgoingPages(to router: Router<WebContext>) {
        router.get(":site/cap-so") { request, context in
            try await self.page(request, context) { request, context in try await self.awaitingNumber(request, context) }
        }
        router.post(":site/cap-so/:id") { request, context in
            try await self.action(request, context) { visit, form, token, id in
                var body: [String: Any] = [:]
                if let unit = form.text("unit")?.trimmingCharacters(in: .whitespaces).uppercased(), !unit.isEmpty { body["unit"] = unit }
                if form["normative"] == "1" { body["normative"] = true }
                let given = try await self.api.json(
                    .POST, .numbering, visit.agencyPath + "/registers/outgoing/\(id)/number", token: token, body: body,
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                let code = given["codeText"] as? String ?? ""
                let day = VietnamDates.day(iso: given["issuedOn"] as? String) ?? ""
                let again = given["isNew"] as? Bool == false ? " (đã cấp trước đó)" : ""
                return ("/so-di", "Đã cấp số \(code) ngày \(day)\(again); văn bản đang được ký số cơ quan.")
            }
        }
        router.post(":site/so-di/:id/thu-hoi") { request, context in
            try await self.action(request, context) { visit, form, token, id in
                guard let reason = form.text("reason")?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
                    throw APIRefusal(status: 400, code: "reason_required", message: "Hãy ghi lý do thu hồi số.")
                }
                let number = try await self.api.json(
                    .POST, .numbering, visit.agencyPath + "/registers/outgoing/\(id)/withdraw", token: token, body: ["reason": reason],
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return ("/so-di", "Đã thu hồi số \(Self.codeText(number)); số này không được cấp lại.")
            }
        }
        router.get(":site/so-di") { request, context in
            try await self.page(request, context) { request, context in try await self.outgoingRegister(request, context) }
        }
        for suffix in ["pdf", "csv"] {
            router.get(":site/so-di.\(suffix)") { request, context in
                try await self.page(request, context) { request, context in
                    let (visit, _, token) = try await self.signedIn(request, context)
                    let query = try self.outgoingQuery(request, paging: false)
                    let raw = try await self.api.raw(.GET, .numbering, visit.agencyPath + "/registers/outgoing.\(suffix)" + query, token: token)
                    return try self.passOn(raw, visit)
                }
            }
        }
        router.get(":site/so-di/:id/van-ban.pdf") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let id = ServiceClient.escape(context.parameters.get("id") ?? "")
                let raw = try await self.api.raw(.GET, .numbering, visit.agencyPath + "/registers/outgoing/\(id)/document.pdf", token: token)
                return try self.passOn(raw, visit)
            }
        }
    }

    /// `05/UBND-KT` from an OutgoingNumber (a leading zero below 10, as the document is written).
    static func codeText(_ number: [String: Any]) -> String {
        let n = number["number"] as? Int ?? 0
        return String(format: "%02d", n) + "/" + (number["notation"] as? String ?? "")
    }

    /// The filters in the address, as numbering's query: year and number (the register's own search).
    func outgoingQuery(_ request: Request, paging: Bool) throws -> String {
        var items: [String] = []
        if let v = request.query("year")?.trimmingCharacters(in: .whitespaces), !v.isEmpty {
            guard let y = Int(v), (1900...9999).contains(y) else {
                throw APIRefusal(status: 400, code: "invalid_parameter", message: "Năm \"\(v)\" không hợp lệ.")
            }
            items.append("year=\(y)")
        }
        if let v = request.query("number")?.trimmingCharacters(in: .whitespaces), !v.isEmpty {
            guard let n = Int(v), n > 0 else { throw APIRefusal(status: 400, code: "invalid_parameter", message: "Số phải là số nguyên dương.") }
            items.append("number=\(n)")
        }
        if paging {
            items.append("limit=50")
            if let cursor = request.query("cursor"), !cursor.isEmpty,
                cursor.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase || $0 == "-" || $0 == "~") })
            {
                items.append("cursor=\(ServiceClient.escape(cursor))")
            }
        }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }

    func awaitingNumber(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        let list = try await api.json(.GET, .numbering, visit.agencyPath + "/registers/outgoing/awaiting", token: token)
        let isClerk = identity.roles.contains(.clerk)
        let rows = (list["items"] as? [[String: Any]] ?? []).map { d -> [String: Any] in
            let id = d["documentId"] as? String ?? ""
            let type = d["documentType"] as? String ?? ""
            return [
                "id": id, "action": visit.link("/cap-so/\(ServiceClient.escape(id))"), "documentType": type,
                "subject": d["subject"] as Any, "signer": (d["signerName"] ?? d["signer"]) as Any,
                "signedAt": VietnamDates.day(iso: d["signedAt"] as? String, withTime: true) as Any,
                "recipients": (d["recipients"] as? [String] ?? []).joined(separator: ", "),
                "appendixCount": d["appendixCount"] as Any,
                // A công văn has no type abbreviation: its ký hiệu takes the drafting unit's (`05/UBND-KT`).
                "needsUnit": Self.isOfficialLetter(type), "canNumber": isClerk,
            ]
        }
        return render("awaiting", visit, title: "Văn bản chờ cấp số", ["documents": rows, "isClerk": isClerk])
    }

    static func isOfficialLetter(_ type: String) -> Bool {
        let folded = type.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        return folded == "cong van" || type.uppercased() == "CV"
    }

    func outgoingRegister(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        let filters = try outgoingQuery(request, paging: false)
        let page = try await api.json(.GET, .numbering, visit.agencyPath + "/registers/outgoing" + (try outgoingQuery(request, paging: true)), token: token)
        let isClerk = identity.roles.contains(.clerk)
        let entries = (page["items"] as? [[String: Any]] ?? []).map { e -> [String: Any] in
            let number = e["number"] as? [String: Any] ?? [:]
            let document = e["document"] as? [String: Any] ?? [:]
            let id = number["documentId"] as? String ?? ""
            let state = number["state"] as? String ?? ""
            var row: [String: Any] = [
                "code": Self.codeText(number), "issuedAt": VietnamDates.day(iso: number["issuedAt"] as? String) as Any,
                "documentType": document["documentType"] as Any, "subject": document["subject"] as Any,
                "signer": (document["signerName"] ?? document["signer"]) as Any,
                "recipients": (document["recipients"] as? [String] ?? []).joined(separator: ", "),
                "dispatchedAt": VietnamDates.day(iso: document["dispatchedAt"] as? String) as Any,
                "state": Self.outgoingState(state), "withdrawnReason": number["withdrawnReason"] as Any,
                "series": number["register"] as Any, "draft": visit.link("/du-thao/\(ServiceClient.escape(id))"),
            ]
            if state == "issued" {
                row["pdf"] = visit.link("/so-di/\(ServiceClient.escape(id))/van-ban.pdf")
                row["dispatch"] = visit.link("/tinh-trang-gui/\(ServiceClient.escape(id))")
            }
            if state == "numbered" && isClerk {
                row["withdraw"] = visit.link("/so-di/\(ServiceClient.escape(id))/thu-hoi")
                row["rowId"] = id
            }
            return row
        }
        var data: [String: Any] = [
            "entries": entries, "count": entries.count, "year": request.query("year") ?? "", "number": request.query("number") ?? "",
            "pdf": visit.link("/so-di.pdf") + filters, "csv": visit.link("/so-di.csv") + filters, "isClerk": isClerk,
            "queue": visit.link("/cap-so"),
        ]
        if request.query("cursor") != nil { data["firstPage"] = visit.link("/so-di") + filters }
        if let next = page["next"] as? String {
            data["next"] = visit.link("/so-di") + (filters.isEmpty ? "?" : filters + "&") + "cursor=\(ServiceClient.escape(next))"
        }
        return render("outgoing", visit, title: "Sổ đăng ký văn bản đi", data)
    }

    static func outgoingState(_ s: String) -> String {
        switch s {
        case "numbered": "Đã cấp số, chờ ký số cơ quan"
        case "issued": "Đã ban hành"
        case "withdrawn": "Đã thu hồi số"
        default: s
        }
    }
}
