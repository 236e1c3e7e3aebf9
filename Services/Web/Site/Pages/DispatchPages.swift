import Auth
import Foundation
import Hummingbird

/// Tình trạng gửi (dispatch state): the agency's issued documents with each recipient's state — chờ gửi, đã gửi, the
/// recipient's 01 đã đến, 02 từ chối, 03 đã vào sổ … 06, or không gửi được — and one document with every change, where
/// the clerk sends a recipient that could not be reached again. Dispatch keeps the state; the pages only ask.
extension WebSite {
    func addDispatchPages(to router: Router<WebContext>) {
        router.get(":site/tinh-trang-gui") { request, context in
            try await self.page(request, context) { request, context in try await self.dispatchList(request, context) }
        }
        router.get(":site/tinh-trang-gui/:id") { request, context in
            try await self.page(request, context) { request, context in try await self.dispatchDocument(request, context) }
        }
        router.post(":site/tinh-trang-gui/:id/gui-lai/:recipient") { request, context in
            try await self.action(request, context) { visit, _, token, id in
                let recipient = ServiceClient.escape(context.parameters.get("recipient") ?? "")
                _ = try await self.api.json(
                    .POST, .dispatch, visit.agencyPath + "/outgoing/\(id)/recipients/\(recipient)/retry", token: token,
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return ("/tinh-trang-gui/\(id)", "Đã xếp gửi lại cho \(context.parameters.get("recipient") ?? "").")
            }
        }
    }

    /// A recipient's state as a row: label, time, reason, and whether it needs the clerk (02, failed).
    static func dispatchRow(_ r: [String: Any]) -> [String: Any] {
        let state = r["state"] as? String ?? ""
        return [
            "code": r["code"] as Any, "name": r["name"] as Any,
            "route": (r["route"] as? String) == "local" ? "Trong hệ thống" : "Trục liên thông",
            "state": r["stateLabel"] as? String ?? state, "stateCode": state,
            "at": VietnamDates.day(iso: r["stateAt"] as? String, withTime: true) as Any, "reason": r["reason"] as Any,
            "attention": state == "02" || state == "failed", "failed": state == "failed",
            "attempts": r["attempts"] as? Int ?? 0,
            "recallLabel": r["recallLabel"] as Any, "recallCode": r["recallState"] as Any,
            "recallAt": VietnamDates.day(iso: r["recallAt"] as? String, withTime: true) as Any,
            "recallReason": r["recallReason"] as Any, "recallRefused": (r["recallState"] as? String) == "16",
        ]
    }

    func dispatchList(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, _, token) = try await signedIn(request, context)
        let page = try await api.json(.GET, .dispatch, visit.agencyPath + "/outgoing?limit=50", token: token)
        let documents = (page["items"] as? [[String: Any]] ?? []).map { d -> [String: Any] in
            let id = d["documentId"] as? String ?? ""
            let recipients = (d["recipients"] as? [[String: Any]] ?? []).map(Self.dispatchRow)
            return [
                "code": d["code"] as Any, "issuedOn": VietnamDates.day(iso: d["issuedOn"] as? String) as Any,
                "subject": d["subject"] as Any, "link": visit.link("/tinh-trang-gui/\(ServiceClient.escape(id))"),
                "recipients": recipients, "attention": recipients.contains { $0["attention"] as? Bool == true },
            ]
        }
        return render("dispatch-list", visit, title: "Tình trạng gửi văn bản đi", ["documents": documents])
    }

    func dispatchDocument(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        let id = ServiceClient.escape(context.parameters.get("id") ?? "")
        let d = try await api.json(.GET, .dispatch, visit.agencyPath + "/outgoing/\(id)", token: token)
        let mayRetry = !identity.roles.isDisjoint(with: [.clerk, .head])
        let recipients = (d["recipients"] as? [[String: Any]] ?? []).map { r -> [String: Any] in
            var row = Self.dispatchRow(r)
            row["history"] = (r["history"] as? [[String: Any]] ?? []).map { h -> [String: Any] in
                ["state": Self.dispatchStateLabel(h["state"] as? String ?? ""), "reason": h["reason"] as Any,
                 "at": VietnamDates.day(iso: h["at"] as? String, withTime: true) as Any]
            }
            if row["failed"] as? Bool == true && mayRetry {
                row["retry"] = visit.link("/tinh-trang-gui/\(id)/gui-lai/\(ServiceClient.escape(r["code"] as? String ?? ""))")
            }
            return row
        }
        return render("dispatch", visit, title: "Tình trạng gửi \(d["code"] as? String ?? "")", [
            "code": d["code"] as Any, "issuedOn": VietnamDates.day(iso: d["issuedOn"] as? String) as Any, "subject": d["subject"] as Any,
            "documentType": d["documentType"] as Any, "edxmlDocumentId": d["edxmlDocumentId"] as Any, "recipients": recipients,
            "draft": visit.link("/du-thao/\(id)"), "list": visit.link("/tinh-trang-gui"),
            "recall": Self.recallSummary(d["recall"] as? [String: Any]) as Any,
            "changes": Self.changesSummary(d["changes"] as? [String: Any], visit: visit) as Any,
        ])
    }

    /// "Đã thu hồi ngày … (người yêu cầu): lý do", when the agency took the document back.
    static func recallSummary(_ r: [String: Any]?) -> [String: Any]? {
        guard let r else { return nil }
        return [
            "reason": r["reason"] as Any, "by": (r["staffName"] as? String) ?? (r["requestedBy"] as? String) ?? "",
            "at": VietnamDates.day(iso: r["requestedAt"] as? String, withTime: true) as Any,
        ]
    }

    /// "Cập nhật văn bản …" / "Thay thế văn bản …", linking the earlier document's state.
    static func changesSummary(_ c: [String: Any]?, visit: Visit) -> [String: Any]? {
        guard let c, let original = c["originalId"] as? String else { return nil }
        return [
            "label": (c["kind"] as? String) == "replacement" ? "Thay thế văn bản" : "Cập nhật văn bản",
            "code": c["originalCode"] as Any, "link": visit.link("/tinh-trang-gui/\(ServiceClient.escape(original))"),
        ]
    }

    static func dispatchStateLabel(_ s: String) -> String {
        switch s {
        case "queued": "Chờ gửi"
        case "sent": "Đã gửi"
        case "01": "01 Đã đến"
        case "02": "02 Từ chối tiếp nhận"
        case "03": "03 Đã tiếp nhận (vào sổ)"
        case "04": "04 Đã phân công"
        case "05": "05 Đang xử lý"
        case "06": "06 Hoàn thành"
        case "failed": "Không gửi được"
        case "13": "13 Yêu cầu thu hồi"
        case "15": "15 Đồng ý thu hồi"
        case "16": "16 Từ chối thu hồi"
        default: s
        }
    }
}
