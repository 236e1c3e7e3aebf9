import Auth
import Foundation
import Hummingbird

/// Administration (quản trị) for the agency's admin and head: departments, accounts (the account name is the one
/// the naming rule gives, shown once created), a person leaving with handover, the audit log and its verification.
extension WebSite {
    func addAdminPages(to router: Router<WebContext>) {
        router.get(":site/quan-tri") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, identity, token) = try await self.signedIn(request, context)
                let all = (try await self.api.json(.GET, .routing, visit.agencyPath + "/users", token: token))["items"] as? [[String: Any]] ?? []
                let departments = (try await self.api.json(.GET, .routing, visit.agencyPath + "/departments", token: token))["items"] as? [[String: Any]] ?? []
                let deptName = Dictionary(departments.compactMap { d in (d["id"] as? String).map { ($0, d["name"] as? String ?? "") } }, uniquingKeysWith: { a, _ in a })
                // The leavers' archive (art. 22.1.c): whether the head allowed it, asked for each person who left.
                let leavers = all.filter { $0["status"] as? String == "left" }.compactMap { $0["account"] as? String }
                let permissions = await withTaskGroup(of: (String, Sent<[String: Any]>?).self) { group in
                    for account in leavers {
                        group.addTask {
                            let answer = try? await self.api.json(
                                .GET, .routing, visit.agencyPath + "/users/\(ServiceClient.escape(account))/archive-permission", token: token)
                            return (account, answer.map { Sent(value: $0) })
                        }
                    }
                    var all: [String: Sent<[String: Any]>] = [:]
                    for await (account, permission) in group { if let permission { all[account] = permission } }
                    return all
                }
                let canAllow = identity.roles.contains(.head) && identity.onBehalfOf == nil
                let canDownload = (identity.isAdmin || identity.roles.contains(.head)) && identity.onBehalfOf == nil
                let users: [[String: Any]] = all.map { u in
                    let account = u["account"] as? String ?? ""
                    let permission = permissions[account]?.value
                    let allowed = permission?["allowed"] as? Bool == true
                    let path = "/quan-tri/nguoi-dung/\(ServiceClient.escape(account))/luu-tru"
                    return [
                        "archiveAllowed": allowed,
                        "archiveGrant": (!allowed && canAllow && permission != nil ? visit.link(path + "/cho-phep") : nil) as Any,
                        "archiveDownload": (allowed && canDownload ? visit.link(path + ".zip") : nil) as Any,
                        "archiveBy": permission?["grantedBy"] as Any,
                        "archiveAt": VietnamDates.day(iso: permission?["grantedAt"] as? String) as Any,
                        "account": u["account"] as Any, "fullName": u["fullName"] as Any,
                        "roles": RoleNames.labels((u["roles"] as? [String] ?? []).compactMap(Role.init(rawValue:))),
                        "department": (u["departmentId"] as? String).flatMap { deptName[$0] } as Any,
                        "left": u["status"] as? String == "left", "handedOverTo": u["handedOverTo"] as Any,
                        "leave": visit.link("/quan-tri/nguoi-dung/\(ServiceClient.escape(u["account"] as? String ?? ""))/nghi"),
                    ]
                }
                // No call gives the installation operator's role; only an admin gives head and admin.
                let roles = Role.allCases.filter { $0.rawValue != "operator" && (identity.isAdmin || ($0 != .head && $0 != .admin)) }
                    .map { ["value": $0.rawValue, "label": RoleNames.label($0.rawValue)] }
                return self.render("admin", visit, title: "Quản trị", [
                    "users": users, "departments": departments.map { ["id": $0["id"] as Any, "name": $0["name"] as Any] as [String: Any] }, "roles": roles,
                    "active": users.filter { $0["left"] as? Bool != true }.map { ["account": $0["account"] as Any] as [String: Any] },
                ])
            }
        }
        router.post(":site/quan-tri/phong-ban") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let form = try await self.form(request, visit)
                do {
                    try await self.api.json(.POST, .routing, visit.agencyPath + "/departments", token: token, body: ["name": form.text("name") ?? ""],
                        forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                } catch let error as APIRefusal { return try self.refused(visit, to: "/quan-tri", error) }
                return self.done(visit, to: "/quan-tri", "info", "Đã thêm phòng ban.")
            }
        }
        router.post(":site/quan-tri/nguoi-dung") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let form = try await self.form(request, visit)
                var body: [String: Any] = ["fullName": form.text("fullName") ?? "", "roles": form.all("roles")]
                if let v = form.text("givenName") { body["givenName"] = v }
                if let v = form.text("birthYear").flatMap(Int.init) { body["birthYear"] = v }
                if let v = form.text("departmentId") { body["departmentId"] = v }
                if let v = form.text("password") { body["password"] = v }
                if let v = form.text("account") { body["account"] = v }
                let created: [String: Any]
                do {
                    created = try await self.api.json(.POST, .routing, visit.agencyPath + "/users", token: token, body: body,
                        forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                } catch let error as APIRefusal { return try self.refused(visit, to: "/quan-tri", error) }
                return self.done(visit, to: "/quan-tri", "info", "Đã tạo tài khoản \(created["account"] as? String ?? "") theo quy tắc đặt tên.")
            }
        }
        router.post(":site/quan-tri/nguoi-dung/:account/nghi") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let form = try await self.form(request, visit)
                let account = ServiceClient.escape(context.parameters.get("account") ?? "")
                do {
                    try await self.api.json(.POST, .routing, visit.agencyPath + "/users/\(account)/leave", token: token,
                        body: ["handedOverTo": form.text("handedOverTo") ?? ""], forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                } catch let error as APIRefusal { return try self.refused(visit, to: "/quan-tri", error) }
                return self.done(visit, to: "/quan-tri", "info", "Đã bàn giao tài khoản \(context.parameters.get("account") ?? "").")
            }
        }
        router.post(":site/quan-tri/nguoi-dung/:account/luu-tru/cho-phep") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                _ = try await self.form(request, visit)
                let account = context.parameters.get("account") ?? ""
                do {
                    try await self.api.json(.POST, .routing, visit.agencyPath + "/users/\(ServiceClient.escape(account))/archive-permission",
                        token: token, forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                } catch let error as APIRefusal { return try self.refused(visit, to: "/quan-tri", error) }
                return self.done(visit, to: "/quan-tri", "info", "Đã cho phép tải lưu trữ văn bản của \(account).")
            }
        }
        router.get(":site/quan-tri/nguoi-dung/:account/luu-tru.zip") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let account = ServiceClient.escape(context.parameters.get("account") ?? "")
                let raw = try await self.api.raw(.GET, .routing, visit.agencyPath + "/users/\(account)/archive", token: token,
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return try self.passOn(raw, visit)
            }
        }
        router.get(":site/quan-tri/nhat-ky") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let before = request.query("before").flatMap(Int.init).map { "&before=\($0)" } ?? ""
                let page = try await self.api.json(.GET, .routing, visit.agencyPath + "/audit?limit=100" + before, token: token)
                var data: [String: Any] = [
                    "entries": (page["items"] as? [[String: Any]] ?? []).map { e -> [String: Any] in
                        [
                            "sequence": e["sequence"] as Any, "at": VietnamDates.day(iso: e["at"] as? String, withTime: true) as Any,
                            "actor": e["actor"] as Any, "onBehalfOf": e["onBehalfOf"] as Any, "action": e["action"] as Any,
                            "subject": e["subject"] as Any, "source": e["source"] as Any,
                        ]
                    },
                ]
                if let next = page["nextBefore"] as? Int { data["older"] = visit.link("/quan-tri/nhat-ky?before=\(next)") }
                if request.query("verify") == "1" {
                    let outcome = try await self.api.json(.GET, .routing, visit.agencyPath + "/audit/verify", token: token)
                    let count = outcome["count"] as? Int ?? 0
                    if let broken = outcome["firstBroken"] as? Int {
                        data["verify"] = ["ok": false, "text": "Chuỗi nhật ký bị hỏng từ mục \(broken): \(outcome["reason"] as? String ?? "")"] as [String: Any]
                    } else {
                        data["verify"] = ["ok": true, "text": "Chuỗi nhật ký toàn vẹn: \(count) mục đều khớp."] as [String: Any]
                    }
                }
                return self.render("audit", visit, title: "Nhật ký hệ thống", data)
            }
        }
    }
}
