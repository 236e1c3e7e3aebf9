import Auth
import Foundation
import Hummingbird

/// Revocation, update and replacement on a document's page: the sender took the document back (thu hồi) — who asked,
/// when, why, the content withheld — and the clerk answers 15 (đồng ý thu hồi) or 16 (từ chối, with the reason); the
/// updates and replacements linked to the document, both ways.
extension WebSite {
    func addRevocationPages(to router: Router<WebContext>) {
        router.post(":site/van-ban/:id/thu-hoi") { request, context in
            try await self.action(request, context) { visit, form, token, id in
                let accept = form.text("answer") == "accept"
                var body: [String: Any] = ["accept": accept]
                if let note = form.text("note") { body["note"] = note }
                try await self.api.json(.POST, .routing, visit.agencyPath + "/incoming/\(id)/revocation/answer", token: token, body: body,
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return ("/van-ban/\(id)", accept ? "Đã đồng ý thu hồi (15) và báo nơi gửi." : "Đã từ chối thu hồi (16) và báo nơi gửi.")
            }
        }
    }

    /// The page's revocation and link fields from the register line (`entry`) and routing's detail.
    static func revocation(
        entry: [String: Any]?, detail: [String: Any]?, identity: Identity, link: (String) -> String, name: (Any?) -> String
    ) -> [String: Any] {
        var data: [String: Any] = [:]
        let document = detail?["document"] as? [String: Any] ?? [:]
        if let r = document["revocation"] as? [String: Any] ?? entry?["revocation"] as? [String: Any] {
            let state = r["state"] as? String
            data["revocation"] = [
                "reason": r["reason"] as Any, "staff": r["staff"] as Any,
                "requestedAt": VietnamDates.day(iso: r["requestedAt"] as? String, withTime: true) as Any,
                "answer": state == "accepted" ? "Đã đồng ý thu hồi (15)" : state == "refused" ? "Đã từ chối thu hồi (16)" : "Chờ văn thư trả lời",
                "answeredBy": r["answeredBy"].map(name) as Any,
                "answeredAt": VietnamDates.day(iso: r["answeredAt"] as? String, withTime: true) as Any,
                "answerNote": r["answerNote"] as Any,
            ] as [String: Any]
            if state != "refused" {
                // Decree 30 art. 18.4.b: the content of a revoked document is no longer shown.
                data["attachments"] = [[String: Any]]()
                data["preview"] = false
                data["contentWithheld"] = true
            }
            data["canAnswerRevocation"] = state == "requested" && identity.roles.contains(.clerk)
        }
        let links = detail?["links"] as? [[String: Any]] ?? []
        data["hasLinks"] = !links.isEmpty
        data["links"] = links.map { l -> [String: Any] in
            let replacement = l["change"] as? String == "replacement"
            let changes = l["direction"] as? String == "changes"
            let label = switch (changes, replacement) {
            case (true, true): "Thay thế văn bản"
            case (true, false): "Cập nhật văn bản"
            case (false, true): "Được thay thế bởi văn bản"
            case (false, false): "Được cập nhật bởi văn bản"
            }
            let code = l["documentCode"] as? String ?? l["edxmlDocumentId"] as? String ?? ""
            return [
                "label": label, "code": code, "number": l["number"] as Any, "reason": l["reason"] as Any,
                "href": (l["documentId"] as? String).map { link("/van-ban/\($0)") } as Any,
            ]
        }
        return data
    }
}

/// The sender's side on an issued draft's page: take it back (thu hồi, 13 to every recipient) with the reason, or start
/// its update or replacement (a new draft naming it).
extension WebSite {
    func addRecallPages(to router: Router<WebContext>) {
        router.post(":site/du-thao/:id/thu-hoi") { request, context in
            try await self.action(request, context) { visit, form, token, id in
                try await self.api.json(.POST, .routing, visit.agencyPath + "/drafts/\(id)/recall", token: token,
                    body: ["reason": form.text("reason") ?? ""], forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return ("/du-thao/\(id)", "Đã thu hồi văn bản; nơi nhận sẽ được báo (13).")
            }
        }
    }

    static func recall(draft: [String: Any], version: [String: Any], identity: Identity, name: (Any?) -> String) -> [String: Any] {
        var data: [String: Any] = [:]
        let issued = draft["state"] as? String == "issued"
        if let r = draft["recall"] as? [String: Any] {
            data["recall"] = [
                "reason": r["reason"] as Any, "by": name(r["requestedBy"]),
                "at": VietnamDates.day(iso: r["requestedAt"] as? String, withTime: true) as Any,
            ] as [String: Any]
        } else if issued {
            data["canRecall"] = identity.roles.contains(.clerk) || !identity.roles.isDisjoint(with: [.head, .deputy])
            if !identity.roles.isDisjoint(with: [.specialist, .departmentHead]) {
                data["canChange"] = true
                data["changeSubject"] = version["subject"] as Any
                data["changeType"] = version["documentType"] as Any
                data["changeRecipients"] = (version["recipients"] as? [String] ?? []).joined(separator: ",")
            }
        }
        if let c = draft["changes"] as? [String: Any], let original = c["draft"] as? String {
            data["changes"] = ["label": c["kind"] as? String == "update" ? "Cập nhật văn bản" : "Thay thế văn bản", "draft": original]
        }
        return data
    }
}
