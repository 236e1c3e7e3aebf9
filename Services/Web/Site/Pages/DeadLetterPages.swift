import Auth
import Foundation
import Hummingbird
import NIOCore

/// Dead letters (thư lỗi, docs/dead-letters.md) for the installation's operator (every agency's) and an agency's
/// admin (its own): each service's groups and list, one letter (headers, body, last error), its body edited, replayed
/// at a rate, or discarded with a reason. Every call goes to that service's own `/admin/dead-letters`; the services
/// decide what the token reaches.
extension WebSite {
    func addDeadLetterPages(to router: Router<WebContext>) {
        router.get(":site/quan-tri/thu-loi") { request, context in
            try await self.page(request, context) { request, context in try await self.deadLetterOverview(request, context) }
        }
        router.get(":site/quan-tri/thu-loi/:service") { request, context in
            try await self.page(request, context) { request, context in try await self.deadLetterList(request, context) }
        }
        router.get(":site/quan-tri/thu-loi/:service/:id") { request, context in
            try await self.page(request, context) { request, context in try await self.deadLetter(request, context) }
        }
        router.post(":site/quan-tri/thu-loi/:service/:id/sua") { request, context in
            try await self.deadLetterAction(request, context) { visit, form, token, service, id in
                let text = form["body"] ?? ""
                guard (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil else {
                    throw APIRefusal(status: 400, code: "invalid_json", message: "Nội dung mới không phải JSON hợp lệ.")
                }
                let raw = try await self.api.raw(
                    .PUT, service, "/admin/dead-letters/\(id)/body", token: token, body: ByteBuffer(string: text),
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                _ = try ServiceClient.decode(raw)
                return "Đã sửa nội dung thư lỗi."
            }
        }
        router.post(":site/quan-tri/thu-loi/:service/:id/phat-lai") { request, context in
            try await self.deadLetterAction(request, context) { visit, form, token, service, id in
                var body: [String: Any] = ["ids": [id]]
                if let text = form.text("rate") {
                    guard let rate = Double(text.replacingOccurrences(of: ",", with: ".")), rate > 0 else {
                        throw APIRefusal(status: 400, code: "invalid_rate", message: "Tốc độ phát lại phải là số dương (thư mỗi giây).")
                    }
                    body["rate"] = rate
                }
                if let queue = form.text("targetQueue") { body["targetQueue"] = queue }
                let job = try await self.api.json(.POST, service, "/admin/dead-letters/replays", token: token, body: body,
                    forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return "Đã bắt đầu phát lại (\(job["total"] as? Int ?? 0) thư)."
            }
        }
        router.post(":site/quan-tri/thu-loi/:service/:id/huy") { request, context in
            try await self.deadLetterAction(request, context) { visit, form, token, service, id in
                guard let reason = form.text("reason") else {
                    throw APIRefusal(status: 400, code: "reason_required", message: "Hãy ghi lý do hủy thư lỗi.")
                }
                let answer = try await self.api.json(.POST, service, "/admin/dead-letters/discard", token: token,
                    body: ["ids": [id], "reason": reason], forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                return "Đã hủy \(answer["count"] as? Int ?? 0) thư lỗi."
            }
        }
    }

    /// The service named in the address, among those this site knows.
    func deadLetterService(_ context: WebContext) throws -> ServiceClient.Service {
        guard let name = context.parameters.get("service"), let service = ServiceClient.Service(rawValue: name), api.configured.contains(service) else {
            throw APIRefusal(status: 404, code: "not_found", message: "Không có dịch vụ này.")
        }
        return service
    }

    func requireDeadLetterReader(_ identity: Identity) throws {
        guard identity.isAdmin || identity.roles.contains(.operator) else {
            throw APIRefusal(status: 403, code: "forbidden", message: "Chỉ quản trị cơ quan và người vận hành hệ thống xem được thư lỗi.")
        }
    }

    /// A form on one dead letter: back to its page with the outcome or the service's refusal.
    func deadLetterAction(
        _ request: Request, _ context: WebContext,
        _ body: @escaping (Visit, FormData, String, ServiceClient.Service, String) async throws -> String
    ) async throws -> Response {
        try await page(request, context) { request, context in
            let (visit, identity, token) = try await self.signedIn(request, context)
            let form = try await self.form(request, visit, maxSize: 17 << 20)
            try self.requireDeadLetterReader(identity)
            let service = try self.deadLetterService(context)
            let id = ServiceClient.escape(context.parameters.get("id") ?? "")
            let back = "/quan-tri/thu-loi/\(service.rawValue)/\(id)"
            do {
                return self.done(visit, to: back, "info", try await body(visit, form, token, service, id))
            } catch let refusal as APIRefusal {
                return try self.refused(visit, to: back, refusal)
            }
        }
    }

    /// Every known service's waiting dead letters, by group.
    func deadLetterOverview(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        try requireDeadLetterReader(identity)
        let services = api.configured
        let answers = await withTaskGroup(of: (ServiceClient.Service, Result<Sent<[[String: Any]]>, APIRefusal>).self) { group in
            for service in services {
                group.addTask {
                    do { return (service, .success(Sent(value: try await self.api.list(service, "/admin/dead-letters/groups?state=dead", token: token)))) }
                    catch let refusal as APIRefusal { return (service, .failure(refusal)) }
                    catch { return (service, .failure(.unreachable(service.rawValue))) }
                }
            }
            var all: [ServiceClient.Service: Result<Sent<[[String: Any]]>, APIRefusal>] = [:]
            for await (service, answer) in group { all[service] = answer }
            return all
        }
        let rows = services.map { service -> [String: Any] in
            var row: [String: Any] = ["service": service.rawValue, "href": visit.link("/quan-tri/thu-loi/\(service.rawValue)")]
            switch answers[service] {
            case .success(let sent):
                let groups = sent.value
                row["count"] = groups.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
                row["groups"] = groups.map { g in groupRow(g, service, visit) }
            case .failure(let refusal):
                row["error"] = refusal.message
            case nil: break
            }
            return row
        }
        return render("dead-letters", visit, title: "Thư lỗi", ["services": rows, "isOperator": identity.roles.contains(.operator)])
    }

    func groupRow(_ g: [String: Any], _ service: ServiceClient.Service, _ visit: Visit) -> [String: Any] {
        let filter = g["filter"] as? [String: Any] ?? [:]
        var query = ["state=dead"]
        if let q = filter["originalQueue"] as? String { query.append("queue=\(ServiceClient.escape(q))") }
        for key in ["type", "error", "errorContains", "errorClass"] {
            if let v = filter[key] as? String { query.append("\(key)=\(ServiceClient.escape(v))") }
        }
        return [
            "queue": g["originalQueue"] as Any, "type": g["type"] as Any, "error": g["error"] as Any, "count": g["count"] as Any,
            "last": VietnamDates.day(iso: g["lastFailedAt"] as? String, withTime: true) as Any,
            "href": visit.link("/quan-tri/thu-loi/\(service.rawValue)?" + query.joined(separator: "&")),
        ]
    }

    /// One service's dead letters, filtered as the address says (a group's link), oldest first.
    func deadLetterList(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        try requireDeadLetterReader(identity)
        let service = try deadLetterService(context)
        let states = ["dead", "queued", "replayed", "discarded"]
        let state = request.query("state").flatMap { states.contains($0) ? $0 : nil } ?? "dead"
        var query = ["state=\(state)", "limit=100"]
        for key in ["queue", "type", "error", "errorContains", "errorClass"] {
            if let v = request.query(key), !v.isEmpty { query.append("\(key)=\(ServiceClient.escape(v))") }
        }
        if let after = request.query("after"), Int(after) != nil { query.append("after=\(after)") }
        let page = try await api.json(.GET, service, "/admin/dead-letters?" + query.joined(separator: "&"), token: token)
        let letters = (page["items"] as? [[String: Any]] ?? []).map { d -> [String: Any] in
            [
                "href": visit.link("/quan-tri/thu-loi/\(service.rawValue)/\(d["id"] as? String ?? "")"),
                "queue": d["originalQueue"] as Any, "type": d["type"] as Any, "agency": d["agency"] as Any,
                "attempts": d["attempts"] as Any, "error": d["lastError"] as Any, "state": Self.deadLetterState(d["state"] as? String),
                "failedAt": VietnamDates.day(iso: d["failedAt"] as? String, withTime: true) as Any,
            ]
        }
        var data: [String: Any] = [
            "service": service.rawValue, "letters": letters, "overview": visit.link("/quan-tri/thu-loi"),
            "states": states.map { ["value": $0, "label": Self.deadLetterState($0), "selected": $0 == state] as [String: Any] },
            "errorContains": request.query("errorContains") ?? "",
        ]
        if let next = page["next"] as? Int {
            data["next"] = visit.link("/quan-tri/thu-loi/\(service.rawValue)?" + (query.filter { !$0.hasPrefix("after=") } + ["after=\(next)"]).joined(separator: "&"))
        }
        return render("dead-letter-list", visit, title: "Thư lỗi của \(service.rawValue)", data)
    }

    func deadLetter(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, identity, token) = try await signedIn(request, context)
        try requireDeadLetterReader(identity)
        let service = try deadLetterService(context)
        let id = ServiceClient.escape(context.parameters.get("id") ?? "")
        let d = try await api.json(.GET, service, "/admin/dead-letters/\(id)", token: token)
        var body = d["bodyBase64"] as? String ?? ""
        var isJSON = false
        if let payload = d["payload"], !(payload is NSNull),
            let data = try? JSONSerialization.data(withJSONObject: payload, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        {
            body = String(decoding: data, as: UTF8.self)
            isJSON = true
        }
        let headers = (d["headers"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { ["name": $0.key, "value": "\($0.value)"] }
        let waiting = d["state"] as? String == "dead"
        let data: [String: Any] = [
            "action": visit.link("/quan-tri/thu-loi/\(service.rawValue)/\(id)"), "list": visit.link("/quan-tri/thu-loi/\(service.rawValue)"),
            "service": service.rawValue, "id": d["id"] as Any, "queue": d["originalQueue"] as Any, "type": d["type"] as Any,
            "agency": d["agency"] as Any, "attempts": d["attempts"] as Any, "error": d["lastError"] as Any, "errorClass": d["errorClass"] as Any,
            "handler": d["handler"] as Any, "state": Self.deadLetterState(d["state"] as? String),
            "failedAt": VietnamDates.day(iso: d["failedAt"] as? String, withTime: true) as Any,
            "editedBy": d["editedBy"] as Any, "discardedBy": d["discardedBy"] as Any, "discardReason": d["discardReason"] as Any,
            "replayedTo": d["replayedTo"] as Any, "headers": headers, "body": body,
            "canEdit": waiting && isJSON, "canAct": waiting,
        ]
        return render("dead-letter", visit, title: "Thư lỗi \(d["type"] as? String ?? "")", data)
    }

    static func deadLetterState(_ s: String?) -> String {
        switch s {
        case "dead": "Đang chờ xử lý"
        case "queued": "Đang chờ phát lại"
        case "replayed": "Đã phát lại"
        case "discarded": "Đã hủy"
        default: s ?? ""
        }
    }
}
