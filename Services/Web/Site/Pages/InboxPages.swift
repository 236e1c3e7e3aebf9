import Auth
import Foundation
import Hummingbird

/// My inbox (hộp việc): the tasks given to me with their deadlines, due-soon and overdue marked; for the clerk the
/// documents waiting to be submitted, for the leaders those waiting to be assigned. And the incoming list by state.
extension WebSite {
    func addInboxPages(to router: Router<WebContext>) {
        router.get(":site/hop-thu") { request, context in
            try await self.page(request, context) { request, context in try await self.inbox(request, context) }
        }
        router.get(":site/van-ban-den") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let state = request.query("state").flatMap { $0.isEmpty ? nil : $0 }
                let query = state.map { "?limit=200&state=\(ServiceClient.escape($0))" } ?? "?limit=200"
                let page = try await self.api.json(.GET, .routing, visit.agencyPath + "/incoming" + query, token: token)
                let states = ["registered", "submitted", "assigned", "processing", "completed"].map {
                    ["value": $0, "label": Labels.documentState($0), "selected": $0 == state] as [String: Any]
                }
                return self.render("incoming", visit, title: "Văn bản đến", [
                    "documents": self.documentRows(page["items"] as? [[String: Any]] ?? [], visit),
                    "total": page["total"] as? Int ?? 0, "states": states,
                ])
            }
        }
    }

    func inbox(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        let showAll = request.query("state") == "all"
        // The inbox, what waits for this person's role, and the drafts: side by side.
        let isClerk = identity.roles.contains(.clerk)
        let assigns = !identity.roles.isDisjoint(with: [.head, .deputy])
        async let pageCall = Sent(value: try await api.json(.GET, .routing, visit.agencyPath + "/inbox?limit=200&state=\(showAll ? "all" : "open")", token: token))
        async let toSubmitCall = Sent(value: isClerk ? try await api.json(.GET, .routing, visit.agencyPath + "/incoming?state=registered&limit=50", token: token) : nil)
        async let toAssignCall = Sent(value: assigns ? try await api.json(.GET, .routing, visit.agencyPath + "/incoming?state=submitted&limit=50", token: token) : nil)
        async let draftsCall = Sent(value: try await api.json(.GET, .routing, visit.agencyPath + "/drafts?limit=50", token: token))
        // The same-day rule: signed documents not sent by the end of the next working day, for the clerk and leaders.
        // Dispatch being away must not take the inbox with it.
        let seesLate = !identity.roles.isDisjoint(with: [.clerk, .head, .deputy]) && api.configured.contains(.dispatch)
        async let lateCall = Sent(value: seesLate ? try? await api.json(.GET, .dispatch, visit.agencyPath + "/outgoing/late?limit=50", token: token) : nil)
        // One's own notices (thông báo: a dossier due for the agency archive …); notifications away, none shown.
        async let noticesCall = Sent(
            value: api.configured.contains(.notifications)
                ? try? await api.json(.GET, .notifications, visit.agencyPath + "/notices?limit=20", token: token) : nil)
        let page = try await pageCall.value
        let now = Date()
        let tasks: [[String: Any]] = (page["items"] as? [[String: Any]] ?? []).map { item in
            let task = item["task"] as? [String: Any] ?? [:]
            let deadline = (task["deadline"] as? String).flatMap(VietnamDates.parse)
            let open = ["assigned", "accepted"].contains(task["state"] as? String ?? "")
            let status = open ? DeadlineStatus.of(deadline: deadline, now: now) : DeadlineStatus(kind: .none, workingDaysLeft: 0)
            return [
                "href": visit.link("/van-ban/\(task["documentId"] as? String ?? "")"),
                "number": item["number"] as Any, "documentCode": item["documentCode"] as Any,
                "subject": item["subject"] as? String ?? "(không có trích yếu)", "sender": item["sender"] as Any,
                "role": Labels.taskRole(task["role"] as? String), "state": Labels.taskState(task["state"] as? String),
                "deadline": deadline.map(VietnamDates.deadlineDay) as Any,
                "deadlineLabel": open && deadline != nil ? status.label : "",
                "overdue": status.kind == .overdue, "dueSoon": status.kind == .dueSoon,
                "assignedBy": task["assignedBy"] as Any,
            ]
        }
        var data: [String: Any] = [
            "tasks": tasks, "showAll": showAll,
            "overdueCount": tasks.filter { $0["overdue"] as? Bool == true }.count,
            "dueSoonCount": tasks.filter { $0["dueSoon"] as? Bool == true }.count,
        ]
        // What waits for this person's role besides tasks.
        if let waiting = try await toSubmitCall.value {
            data["toSubmit"] = documentRows(waiting["items"] as? [[String: Any]] ?? [], visit)
        }
        if let waiting = try await toAssignCall.value {
            data["toAssign"] = documentRows(waiting["items"] as? [[String: Any]] ?? [], visit)
        }
        let drafts = try await draftsCall.value
        let waitingDrafts = (drafts["items"] as? [[String: Any]] ?? []).filter {
            ($0["leader"] as? String == identity.account && ["submitted", "forwarded"].contains($0["state"] as? String ?? ""))
                || ($0["state"] as? String == "forwarded" && identity.roles.contains(.head))
        }
        data["draftsToDecide"] = waitingDrafts.map { draftRow($0, visit) }
        if let late = await lateCall.value {
            data["late"] = (late["items"] as? [[String: Any]] ?? []).map { d -> [String: Any] in
                let id = ServiceClient.escape(d["documentId"] as? String ?? "")
                let issued = d["code"] as? String != nil
                let pending = (d["pending"] as? [String] ?? []).joined(separator: ", ")
                return [
                    "href": visit.link(issued ? "/tinh-trang-gui/\(id)" : "/cap-so"),
                    "title": (d["code"] as? String).map { "\($0): \(d["subject"] as? String ?? "")" } ?? "Văn bản đã ký, chưa cấp số",
                    "signedAt": VietnamDates.day(iso: d["signedAt"] as? String, withTime: true) as Any,
                    "why": issued ? "chưa gửi được tới \(pending)" : "chưa cấp số và phát hành",
                ]
            }
        }
        if let notices = await noticesCall.value {
            data["notices"] = (notices["items"] as? [[String: Any]] ?? []).map { n -> [String: Any] in
                let subject = ServiceClient.escape(n["subjectId"] as? String ?? "")
                let isDossier = (n["kind"] as? String ?? "").hasPrefix("dossier.")
                return [
                    "text": n["text"] as Any, "href": isDossier ? visit.link("/ho-so/\(subject)") : visit.link("/van-ban/\(subject)"),
                    "at": VietnamDates.day(iso: n["createdAt"] as? String, withTime: true) as Any,
                ]
            }
        }
        return render("inbox", visit, title: "Hộp việc", data)
    }

    func documentRows(_ items: [[String: Any]], _ visit: Visit) -> [[String: Any]] {
        items.map { d -> [String: Any] in
            let sender = d["sender"] as? [String: Any]
            return [
                "href": visit.link("/van-ban/\(d["documentId"] as? String ?? "")"),
                "number": d["number"] as Any, "year": d["year"] as Any,
                "code": [d["codeNumber"] as? String, d["codeNotation"] as? String].compactMap { $0 }.joined(separator: "/"),
                "subject": d["subject"] as? String ?? "(không có trích yếu)", "sender": sender?["name"] as Any,
                "state": Labels.documentState(d["state"] as? String),
                "registeredAt": VietnamDates.day(iso: d["registeredAt"] as? String) as Any,
            ]
        }
    }
}
