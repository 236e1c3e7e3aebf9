import Auth
import Foundation
import Hummingbird

/// A document's page: the register's metadata and attachments (PDF preview), its handling (tasks, opinions) and the
/// actions the signed-in person may take: submit to a leader (trình), assign (phân công), accept (tiếp nhận),
/// give an opinion (cho ý kiến), complete (hoàn thành).
extension WebSite {
    func addDocumentPages(to router: Router<WebContext>) {
        router.get(":site/van-ban/:id") { request, context in
            try await self.page(request, context) { request, context in try await self.document(request, context) }
        }
        router.get(":site/van-ban/:id/tep/:name") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, token) = try await self.signedIn(request, context)
                let id = ServiceClient.escape(context.parameters.get("id") ?? "")
                let name = ServiceClient.escape(context.parameters.get("name") ?? "")
                let raw = try await self.api.raw(.GET, .numbering, visit.agencyPath + "/registers/incoming/\(id)/attachments/\(name)", token: token)
                return try self.passOn(raw, visit)
            }
        }
        router.post(":site/van-ban/:id/trinh") { request, context in
            try await self.action(request, context) { visit, form, token, id in
                var body: [String: Any] = [:]
                if let to = form.text("to") { body["to"] = to }
                if let note = form.text("note") { body["note"] = note }
                try await self.api.json(.POST, .routing, visit.agencyPath + "/incoming/\(id)/submit", token: token, body: body,
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return ("/van-ban/\(id)", "Đã trình lãnh đạo.")
            }
        }
        router.post(":site/van-ban/:id/phan-cong") { request, context in
            try await self.action(request, context) { visit, form, token, id in
                guard let main = form.text("main").flatMap(Self.target) else {
                    throw APIRefusal(status: 400, code: "main_required", message: "Hãy chọn người hoặc phòng xử lý chính.")
                }
                var body: [String: Any] = ["main": main]
                body["cooperating"] = form.all("cooperating").compactMap(Self.target)
                body["readers"] = form.all("readers").compactMap(Self.target)
                if let deadline = try Self.deadline(form) { body["deadline"] = deadline }
                if let note = form.text("note") { body["note"] = note }
                try await self.api.json(.POST, .routing, visit.agencyPath + "/incoming/\(id)/assign", token: token, body: body,
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return ("/van-ban/\(id)", "Đã phân công xử lý.")
            }
        }
        for (slug, api, message) in [("tiep-nhan", "accept", "Đã tiếp nhận."), ("y-kien", "opinions", "Đã gửi ý kiến."), ("hoan-thanh", "complete", "Đã hoàn thành xử lý.")] {
            router.post(":site/van-ban/:id/nhiem-vu/:task/\(slug)") { request, context in
                try await self.action(request, context) { visit, form, token, id in
                    let task = ServiceClient.escape(context.parameters.get("task") ?? "")
                    var body: [String: Any] = [:]
                    if api == "opinions" { body["text"] = form.text("text") ?? "" }
                    if api == "complete" { body["result"] = form.text("result") ?? "" }
                    try await self.api.json(.POST, .routing, visit.agencyPath + "/tasks/\(task)/\(api)", token: token, body: body,
                        forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                    return ("/van-ban/\(id)", message)
                }
            }
        }
        router.post(":site/van-ban/:id/nhiem-vu/:task/giao-trong-phong") { request, context in
            try await self.action(request, context) { visit, form, token, id in
                let task = ServiceClient.escape(context.parameters.get("task") ?? "")
                guard let main = form.text("main") else {
                    throw APIRefusal(status: 400, code: "main_required", message: "Hãy chọn người chủ trì trong phòng.")
                }
                var body: [String: Any] = ["main": main, "cooperating": form.all("cooperating").filter { !$0.isEmpty && $0 != main }]
                if let deadline = try Self.deadline(form) { body["deadline"] = deadline }
                if let note = form.text("note") { body["note"] = note }
                try await self.api.json(.POST, .routing, visit.agencyPath + "/tasks/\(task)/pass-on", token: token, body: body,
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return ("/van-ban/\(id)", "Đã giao việc trong phòng.")
            }
        }
    }

    /// The deadline fields of a form (a date, or N working days) as the API's `Deadline`; nil when both are empty.
    static func deadline(_ form: FormData) throws -> [String: Any]? {
        if let day = form.text("deadlineDate") {
            guard let iso = VietnamDates.isoDay(fromInput: day) else {
                throw APIRefusal(status: 400, code: "invalid_deadline", message: "Hạn xử lý \"\(day)\" không phải ngày hợp lệ (dd/MM/yyyy).")
            }
            return ["date": iso]
        }
        if let days = form.text("deadlineDays") {
            guard let n = Int(days), n > 0 else {
                throw APIRefusal(status: 400, code: "invalid_deadline", message: "Số ngày làm việc phải là số nguyên dương.")
            }
            return ["workingDays": n]
        }
        return nil
    }

    /// `a:<account>` or `d:<department id>` from a select → the API's target.
    static func target(_ value: String) -> [String: Any]? {
        if value.hasPrefix("a:") { return ["account": String(value.dropFirst(2))] }
        if value.hasPrefix("d:") { return ["department": String(value.dropFirst(2))] }
        return nil
    }

    /// A form on a document: CSRF checked, the call made, back to the page with its outcome.
    func action(
        _ request: Request, _ context: WebContext,
        _ body: @escaping (Visit, FormData, String, String) async throws -> (String, String)
    ) async throws -> Response {
        try await page(request, context) { request, context in
            let (visit, _, token) = try await self.signedIn(request, context)
            let form = try await self.form(request, visit)
            let id = ServiceClient.escape(context.parameters.get("id") ?? "")
            do {
                let (to, message) = try await body(visit, form, token, id)
                return self.done(visit, to: to, "info", message)
            } catch let refusal as APIRefusal {
                return try self.refused(visit, to: self.backPath(visit, request), refusal)
            }
        }
    }

    /// The page a form was posted from: the form's action without its last segment.
    func backPath(_ visit: Visit, _ request: Request) -> String {
        let within = visit.path.split(separator: "/").dropFirst()  // without the site's short name
        let parts = Array(within)
        if let i = parts.firstIndex(of: "nhiem-vu") { return "/" + parts[..<i].joined(separator: "/") }
        if parts.first == "so-di" { return "/so-di" }  // a line's form: back to the register
        return "/" + parts.dropLast().joined(separator: "/")
    }

    /// The agency's people, for names and for the choices of the forms.
    func people(_ visit: Visit, _ token: String) async -> (users: [[String: Any]], departments: [[String: Any]]) {
        if let cached = await peopleCache.get(visit.agency) { return (cached.users.value, cached.departments.value) }
        async let usersCall = Sent(value: try? await api.json(.GET, .routing, visit.agencyPath + "/users", token: token))
        async let departmentsCall = Sent(value: try? await api.json(.GET, .routing, visit.agencyPath + "/departments", token: token))
        let users = await usersCall.value?["items"] as? [[String: Any]] ?? []
        let departments = await departmentsCall.value?["items"] as? [[String: Any]] ?? []
        if !users.isEmpty {
            await peopleCache.put(visit.agency, .init(users: Sent(value: users), departments: Sent(value: departments), fetchedAt: Date()))
        }
        return (users.filter { $0["status"] as? String != "left" }, departments)
    }

    func document(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        let id = ServiceClient.escape(context.parameters.get("id") ?? "")
        async let entryCall = Sent(value: try? await api.json(.GET, .numbering, visit.agencyPath + "/registers/incoming/\(id)", token: token))
        async let detailCall = Sent(value: await routingDetail(visit, id, token))
        async let peopleCall = Sent(value: await people(visit, token))
        let entry = await entryCall.value
        let detailResult = await detailCall.value
        let (users, departments) = await peopleCall.value
        var detail: [String: Any]?
        switch detailResult {
        case .success(let d): detail = d
        case .failure(let refusal):
            if refusal.status == 401 { throw refusal }
            if entry == nil { throw refusal }
        }
        let names = Dictionary(users.compactMap { u in (u["account"] as? String).map { ($0, u["fullName"] as? String ?? $0) } }, uniquingKeysWith: { a, _ in a })
        func name(_ account: Any?) -> String {
            guard let account = account as? String else { return "" }
            return names[account].map { "\($0) (\(account))" } ?? account
        }
        let document = detail?["document"] as? [String: Any] ?? [:]
        let source = entry ?? document
        let sender = source["sender"] as? [String: Any]
        var data: [String: Any] = [
            "id": id,
            "number": source["number"] as Any, "year": source["year"] as Any,
            "code": [source["codeNumber"] as? String, source["codeNotation"] as? String].compactMap { $0 }.joined(separator: "/"),
            "subject": source["subject"] as? String ?? "(không có trích yếu)",
            "documentType": source["documentType"] as Any, "sender": sender?["name"] as Any, "senderCode": sender?["code"] as Any,
            "arrivedAt": VietnamDates.day(iso: entry?["arrivedAt"] as? String, withTime: true) as Any,
            "promulgated": VietnamDates.day(iso: source["promulgationDate"] as? String) as Any,
            "dueDate": VietnamDates.day(iso: source["dueDate"] as? String) as Any,
            "signerName": entry?["signerName"] as Any,
            "priority": Labels.priority(source["priority"] as? Int) as Any,
            "state": Labels.documentState(document["state"] as? String),
            "submittedTo": document["submittedTo"].map(name) as Any,
            // The issued answer (văn bản trả lời), once routing knows it.
            "answerNumber": document["answerNumber"] as Any,
            "answeredOn": VietnamDates.day(iso: document["answeredOn"] as? String) as Any,
            "answerHref": (document["answeredByDraft"] as? String).map { visit.link("/du-thao/\($0)") } as Any,
        ]
        let attachments: [[String: Any]] = (entry?["attachments"] as? [[String: Any]] ?? []).map { a in
            let n = a["name"] as? String ?? ""
            let blob = a["blob"] as? [String: Any]
            let type = blob?["mediaType"] as? String ?? ""
            return [
                "name": n, "href": visit.link("/van-ban/\(id)/tep/\(ServiceClient.escape(n))"),
                "size": Self.size(blob?["size"] as? Int ?? 0),
                "isPDF": type == "application/pdf" || n.lowercased().hasSuffix(".pdf"),
            ]
        }
        data["attachments"] = attachments
        if let pdf = attachments.first(where: { $0["isPDF"] as? Bool == true }) { data["preview"] = pdf["href"] }

        let now = Date()
        let tasks = detail?["tasks"] as? [[String: Any]] ?? []
        data["tasks"] = tasks.map { t -> [String: Any] in
            let deadline = (t["deadline"] as? String).flatMap(VietnamDates.parse)
            let open = ["assigned", "accepted"].contains(t["state"] as? String ?? "")
            let status = open ? DeadlineStatus.of(deadline: deadline, now: now) : DeadlineStatus(kind: .none, workingDaysLeft: 0)
            return [
                "assignee": name(t["assignee"]), "role": Labels.taskRole(t["role"] as? String),
                "state": Labels.taskState(t["state"] as? String),
                "deadline": deadline.map(VietnamDates.deadlineDay) as Any, "overdue": status.kind == .overdue,
                "dueSoon": status.kind == .dueSoon, "result": t["result"] as Any,
            ]
        }
        data["opinions"] = (detail?["opinions"] as? [[String: Any]] ?? []).map { o -> [String: Any] in
            ["author": name(o["author"]), "body": o["body"] as Any, "at": VietnamDates.day(iso: o["createdAt"] as? String, withTime: true) as Any]
        }

        // The forms this person may use now.
        let state = document["state"] as? String
        // Whoever drafts may start the answer: a draft that names this document, addressed to its sender.
        if !identity.roles.isDisjoint(with: [.specialist, .departmentHead]), document["answeredByDraft"] == nil, !document.isEmpty {
            data["canAnswer"] = true
            data["answerSubject"] = "V/v trả lời văn bản số \(data["code"] as? String ?? "")"
        }
        let leaders = users.filter { u in (u["roles"] as? [String] ?? []).contains { $0 == "head" || $0 == "deputy" } }
        if identity.roles.contains(.clerk), state == "registered" {
            data["canSubmit"] = true
            data["leaders"] = leaders.map { ["account": $0["account"] as Any, "label": name($0["account"])] as [String: Any] }
        }
        if !identity.roles.isDisjoint(with: [.head, .deputy]), state == "submitted" {
            data["canAssign"] = true
            let deptName = Dictionary(departments.compactMap { d in (d["id"] as? String).map { ($0, d["name"] as? String ?? $0) } }, uniquingKeysWith: { a, _ in a })
            var choices: [[String: Any]] = users.filter { $0["account"] as? String != identity.account }.map { u in
                let dept = (u["departmentId"] as? String).flatMap { deptName[$0] }
                return ["value": "a:\(u["account"] as? String ?? "")", "label": name(u["account"]) + (dept.map { " — \($0)" } ?? "")]
            }
            choices += departments.map { ["value": "d:\($0["id"] as? String ?? "")", "label": "Phòng: \($0["name"] as? String ?? "")"] }
            data["assignees"] = choices
        }
        let me = identity.onBehalfOf ?? identity.account
        let mine = tasks.filter { $0["assignee"] as? String == me && ["assigned", "accepted"].contains($0["state"] as? String ?? "") }
        let myDepartment = users.first { $0["account"] as? String == me }?["departmentId"] as? String
        data["myTasks"] = mine.map { t -> [String: Any] in
            let taskId = t["id"] as? String ?? ""
            let role = t["role"] as? String
            let accepted = t["state"] as? String == "accepted"
            var task: [String: Any] = [
                "role": Labels.taskRole(role), "taskURL": visit.link("/van-ban/\(id)/nhiem-vu/\(taskId)"), "taskId": taskId,
                "canAccept": !accepted, "canOpinion": accepted && role == "cooperating", "canComplete": accepted && role == "main",
            ]
            // A head of department passes a main or co-handling task on to the department's members (giao việc trong phòng).
            if identity.roles.contains(.departmentHead), role == "main" || role == "cooperating",
                let department = t["departmentId"] as? String ?? myDepartment
            {
                let members = users.filter { $0["departmentId"] as? String == department && $0["account"] as? String != me }
                task["canPassOn"] = !members.isEmpty
                task["members"] = members.map { ["account": $0["account"] as Any, "label": name($0["account"])] as [String: Any] }
                task["leaderDeadline"] = (t["deadline"] as? String).flatMap(VietnamDates.parse).map(VietnamDates.deadlineDay) as Any
            }
            return task
        }
        data.merge(Self.revocation(entry: entry, detail: detail, identity: identity, link: visit.link, name: name)) { _, new in new }
        return render("document", visit, title: data["subject"] as? String ?? "Văn bản", data)
    }

    func routingDetail(_ visit: Visit, _ id: String, _ token: String) async -> Result<[String: Any], APIRefusal> {
        do { return .success(try await api.json(.GET, .routing, visit.agencyPath + "/incoming/\(id)", token: token)) } catch let error as APIRefusal {
            return .failure(error)
        } catch {
            return .failure(.unreachable("routing"))
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : String(format: "%.0f KB", max(1, Double(bytes) / 1024))
    }
}
