import Foundation
import Hummingbird
import NIOCore

/// Paper documents and the follow-up register (issue 17): the clerk registers a paper document from its scan and the
/// Phụ lục VI fields (numbering reads the scan with OCR and numbers it in the incoming register); the same sender,
/// số ký hiệu and date already registered is a warning the clerk confirms. The follow-up register (sổ theo dõi giải
/// quyết văn bản đến) is numbering's print, PDF or CSV, for a period.
extension WebSite {
    func addPaperPages(to router: Router<WebContext>) {
        router.get(":site/so-den/van-ban-giay") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, _) = try await self.signedIn(request, context)
                return self.render("paper", visit, title: "Vào sổ văn bản giấy", Self.paperDefaults)
            }
        }
        router.post(":site/so-den/van-ban-giay") { request, context in
            try await self.page(request, context) { request, context in try await self.registerPaper(request, context) }
        }
        router.get(":site/so-theo-doi") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, _) = try await self.signedIn(request, context)
                let filters = try self.registerQuery(request, paging: false)
                return self.render("follow-up", visit, title: "Sổ theo dõi giải quyết văn bản đến", [
                    "from": request.query("from") ?? "", "to": request.query("to") ?? "",
                    "pdf": visit.link("/so-theo-doi.pdf") + filters, "csv": visit.link("/so-theo-doi.csv") + filters,
                ])
            }
        }
        for suffix in ["pdf", "csv"] {
            router.get(":site/so-theo-doi.\(suffix)") { request, context in
                try await self.page(request, context) { request, context in
                    let (visit, _, token) = try await self.signedIn(request, context)
                    let query = try self.registerQuery(request, paging: false)
                    let raw = try await self.api.raw(.GET, .numbering, visit.agencyPath + "/registers/follow-up.\(suffix)" + query, token: token)
                    return try self.passOn(raw, visit)
                }
            }
        }
    }

    static var paperDefaults: [String: Any] { ["language": "Tiếng Việt", "documentType": "Công văn"] }

    static let paperFields = [
        "senderName", "senderCode", "codeNumber", "codeNotation", "promulgationDate", "documentType", "subject", "signerName",
        "signerPosition", "toPlaces", "dueDate", "language", "pageAmount", "priority", "description", "forwardTo", "fileNotation",
    ]

    func registerPaper(_ request: Request, _ context: WebContext) async throws -> Response {
        let (visit, _, token) = try await signedIn(request, context)
        let form = try await self.form(request, visit)
        var values: [String: Any] = [:]
        for field in Self.paperFields { if let v = form.text(field) { values[field] = v } }
        func again(_ message: String, duplicate: Bool) -> Response {
            var data = values
            data["error"] = message
            if duplicate { data["duplicate"] = true }
            return render("paper", visit, title: "Vào sổ văn bản giấy", data, status: duplicate ? .conflict : .unprocessableContent)
        }
        let scans = form.fileLists["scan"] ?? []
        guard !scans.isEmpty else { return again("Hãy chọn tệp quét (tệp PDF của máy quét, hoặc ảnh PNG, JPEG, TIFF mỗi trang một ảnh).", duplicate: false) }
        var body: [String: Any] = [
            "sender": ["code": form.text("senderCode") ?? "", "name": form.text("senderName") ?? ""],
            "codeNumber": form.text("codeNumber") ?? "", "codeNotation": form.text("codeNotation") ?? "",
            "documentType": form.text("documentType") ?? "", "subject": form.text("subject") ?? "",
            "pages": scans.map { ["data": $0.bytes.base64EncodedString()] },
            "confirmDuplicate": form["confirmDuplicate"] == "1",
        ]
        for (field, key) in [("promulgationDate", "promulgationDate"), ("dueDate", "dueDate")] {
            guard let v = form.text(field) else { continue }
            guard let iso = VietnamDates.isoDay(fromInput: v) else { return again("Ngày \"\(v)\" không hợp lệ (dd/MM/yyyy).", duplicate: false) }
            body[key] = iso
        }
        for field in ["signerName", "signerPosition", "toPlaces", "language", "description", "forwardTo", "fileNotation"] {
            if let v = form.text(field) { body[field] = v }
        }
        if let v = form.text("pageAmount") { body["pageAmount"] = Int(v) ?? 0 }
        if let v = form.text("priority") { body["priority"] = Int(v) ?? 0 }
        do {
            let result = try await api.json(.POST, .numbering, visit.agencyPath + "/registers/incoming/paper", token: token, body: body,
                forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
            let entry = result["entry"] as? [String: Any] ?? [:]
            let number = entry["number"] as? Int ?? 0
            return done(visit, to: "/so-den?number=\(number)", "info",
                "Đã vào sổ văn bản giấy, số đến \(number); đã nhận dạng \(result["wordsRead"] as? Int ?? 0) từ trên bản quét.")
        } catch let refusal as APIRefusal where refusal.status != 401 {
            return again(refusal.message, duplicate: refusal.code == "possible_duplicate")
        }
    }
}
