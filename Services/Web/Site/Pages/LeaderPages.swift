import Auth
import Foundation
import Hummingbird

/// The leaders' progress board by department (tiến độ xử lý) and delegation (ủy quyền): ask, approve, refuse, revoke.
extension WebSite {
    func addLeaderPages(to router: Router<WebContext>) {
        router.get(":site/tien-do") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let p = request
                var query: [String] = []
                for key in ["from", "to"] {
                    if let v = p.query(key), !v.isEmpty, let iso = VietnamDates.isoDay(fromInput: v) { query.append("\(key)=\(iso)") }
                }
                let board = try await self.api.json(.GET, .routing, visit.agencyPath + "/progress" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")), token: token)
                let rows: [[String: Any]] = (board["departments"] as? [[String: Any]] ?? []).map { d -> [String: Any] in
                    let onTime = d["onTime"] as? Int ?? 0, late = d["late"] as? Int ?? 0, overdue = d["overdue"] as? Int ?? 0, open = d["open"] as? Int ?? 0
                    return ["department": d["department"] as? String ?? "(chưa có phòng)", "onTime": onTime, "late": late, "overdue": overdue,
                            "open": open, "total": onTime + late + overdue + open]
                }
                return self.render("progress", visit, title: "Tiến độ xử lý", [
                    "departments": rows, "from": p.query("from") ?? "", "to": p.query("to") ?? "",
                    "at": VietnamDates.day(iso: board["at"] as? String, withTime: true) as Any,
                ])
            }
        }
        router.get(":site/uy-quyen") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, identity, token) = try await self.signedIn(request, context)
                async let listCall = Sent(value: try await self.api.json(.GET, .routing, visit.agencyPath + "/delegations", token: token))
                async let peopleCall = Sent(value: await self.people(visit, token))
                let list = try await listCall.value
                let (users, _) = await peopleCall.value
                let isHead = identity.roles.contains(.head)
                let rows: [[String: Any]] = (list["items"] as? [[String: Any]] ?? []).map { d in
                    let status = d["status"] as? String ?? ""
                    let id = d["id"] as? String ?? ""
                    let involved = d["delegator"] as? String == identity.account || d["requestedBy"] as? String == identity.account
                    return [
                        "delegator": d["delegator"] as Any, "delegate": d["delegate"] as Any, "reason": d["reason"] as Any,
                        "startsAt": VietnamDates.day(iso: d["startsAt"] as? String, withTime: true) as Any,
                        "endsAt": VietnamDates.day(iso: d["endsAt"] as? String, withTime: true) as Any,
                        "status": Labels.delegationStatus(status), "base": visit.link("/uy-quyen/\(id)"),
                        "canDecide": isHead && status == "requested",
                        "canRevoke": (isHead || involved) && (status == "approved" || status == "requested"),
                    ]
                }
                return self.render("delegations", visit, title: "Ủy quyền", [
                    "delegations": rows, "canAsk": identity.isLeader,
                    "colleagues": users.filter { $0["account"] as? String != identity.account }.map { ["account": $0["account"] as Any, "label": "\($0["fullName"] as? String ?? "") (\($0["account"] as? String ?? ""))"] as [String: Any] },
                ])
            }
        }
        router.post(":site/uy-quyen") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let form = try await self.form(request, visit)
                guard let from = form.text("from").flatMap(VietnamDates.isoDay(fromInput:)), let to = form.text("to").flatMap(VietnamDates.isoDay(fromInput:)) else {
                    return self.done(visit, to: "/uy-quyen", "error", "Hãy nhập ngày bắt đầu và ngày kết thúc (dd/MM/yyyy).")
                }
                // Whole days in Vietnam time: from 00:00 of the first day to 24:00 of the last.
                var body: [String: Any] = ["delegate": form.text("delegate") ?? "", "startsAt": "\(from)T00:00:00+07:00", "endsAt": "\(to)T23:59:59+07:00"]
                if let reason = form.text("reason") { body["reason"] = reason }
                do {
                    try await self.api.json(.POST, .routing, visit.agencyPath + "/delegations", token: token, body: body,
                        forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                } catch let error as APIRefusal { return try self.refused(visit, to: "/uy-quyen", error) }
                return self.done(visit, to: "/uy-quyen", "info", "Đã ghi nhận đề nghị ủy quyền.")
            }
        }
        for (slug, api, message) in [("duyet", "approve", "Đã duyệt ủy quyền."), ("tu-choi", "refuse", "Đã từ chối ủy quyền."), ("thu-hoi", "revoke", "Đã thu hồi ủy quyền.")] {
            router.post(":site/uy-quyen/:id/\(slug)") { request, context in
                try await self.action(request, context) { visit, _, token, id in
                    try await self.api.json(.POST, .routing, visit.agencyPath + "/delegations/\(id)/\(api)", token: token, body: [:],
                        forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                    return ("/uy-quyen", message)
                }
            }
        }
    }
}
