import Auth
import Foundation
import Hummingbird

/// Sign-in (đăng nhập), sign-out (đăng xuất) and changing one's password (đổi mật khẩu).
extension WebSite {
    func addAccountPages(to router: Router<WebContext>) {
        router.get(":site") { request, context in
            try await self.page(request, context) { request, context in
                let visit = try await self.visit(request, context)
                return self.redirect(visit.link(visit.identity == nil ? "/dang-nhap" : "/hop-thu"), cookies: visit.setCookies)
            }
        }
        router.get(":site/dang-nhap") { request, context in
            try await self.page(request, context) { request, context in
                let visit = try await self.visit(request, context)
                if visit.identity != nil { return self.redirect(visit.link("/hop-thu"), cookies: visit.setCookies) }
                return self.signInPage(visit, next: request.query("next"), account: nil, error: nil)
            }
        }
        router.post(":site/dang-nhap") { request, context in
            try await self.page(request, context) { request, context in try await self.signIn(request, context) }
        }
        router.post(":site/dang-xuat") { request, context in
            try await self.page(request, context) { request, context in
                var visit = try await self.visit(request, context)
                _ = try await self.form(request, visit)
                visit.setCookies.append(self.cookies.clear(Self.sessionCookie, path: visit.cookiePath))
                return self.done(visit, to: "/dang-nhap", "info", "Đã đăng xuất.")
            }
        }
        router.get(":site/mat-khau") { request, context in
            try await self.page(request, context) { request, context in
                let (visit, _, _) = try await self.signedIn(request, context)
                return self.render("password", visit, title: "Đổi mật khẩu", [:])
            }
        }
        router.post(":site/mat-khau") { request, context in
            try await self.page(request, context) { request, context in
                var (visit, _, token) = try await self.signedIn(request, context)
                let form = try await self.form(request, visit)
                guard let current = form["currentPassword"], let new = form["newPassword"], !current.isEmpty, !new.isEmpty else {
                    return self.done(visit, to: "/mat-khau", "error", "Hãy nhập mật khẩu hiện tại và mật khẩu mới.")
                }
                guard new == form["confirmPassword"] else {
                    return self.done(visit, to: "/mat-khau", "error", "Mật khẩu nhập lại không khớp với mật khẩu mới.")
                }
                do {
                    try await self.api.json(
                        .POST, .routing, "/auth/password", token: token, body: ["currentPassword": current, "newPassword": new],
                        forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
                } catch let error as APIRefusal {
                    if error.status == 401 && error.code != "unauthorized" {
                        return self.done(visit, to: "/mat-khau", "error", error.message)
                    }
                    return try self.refused(visit, to: "/mat-khau", error)
                }
                // Changing the password ends every session, this one included.
                visit.setCookies.append(self.cookies.clear(Self.sessionCookie, path: visit.cookiePath))
                return self.done(visit, to: "/dang-nhap", "info", "Đã đổi mật khẩu. Hãy đăng nhập lại bằng mật khẩu mới.")
            }
        }
    }

    func signInPage(_ visit: Visit, next: String?, account: String?, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        var data: [String: Any] = ["next": next ?? "", "account": account ?? ""]
        if let error { data["error"] = error }
        return render("sign-in", visit, title: "Đăng nhập", data, status: status)
    }

    func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        var visit = try await visit(request, context)
        let form = try await form(request, visit)
        let account = form.text("account")?.lowercased() ?? ""
        let next = form.text("next").flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") && !$0.contains("\\") ? $0 : nil }
        guard !account.isEmpty, let password = form["password"], !password.isEmpty else {
            return signInPage(visit, next: next, account: account, error: "Hãy nhập tên tài khoản và mật khẩu.", status: .badRequest)
        }
        let answer: [String: Any]
        do {
            answer = try await api.json(
                .POST, .routing, "/auth/sign-in", token: nil, body: ["account": account, "password": password],
                forwardedFor: visit.forwardedFor, userAgent: visit.userAgent)
        } catch let error as APIRefusal {
            // The same words for an unknown account, a wrong password and one that left: nothing tells them apart.
            let message = error.status == 401 || error.status == 403
                ? "Tên tài khoản hoặc mật khẩu không đúng." : error.message
            return signInPage(visit, next: next, account: account, error: message, status: HTTPResponse.Status(code: error.status))
        }
        guard let token = answer["token"] as? String, let identity = try? await verifier.verify(token) else {
            return signInPage(visit, next: next, account: account, error: "Không đăng nhập được, vui lòng thử lại.", status: .badGateway)
        }
        guard identity.agency == visit.agency else {
            let home = sites.agencies.first { $0.code == identity.agency }
            let hint = home.map { " Hãy đăng nhập tại trang của \($0.name)." } ?? ""
            return signInPage(
                visit, next: next, account: account,
                error: "Tài khoản này không thuộc \(visit.site.agency.name), không được dùng trang này.\(hint)", status: .forbidden)
        }
        let expires = (answer["expiresAt"] as? String).flatMap(VietnamDates.parse) ?? Date().addingTimeInterval(3600)
        visit.setCookies.append(cookies.set(Self.sessionCookie, token, path: visit.cookiePath, maxAge: max(60, Int(expires.timeIntervalSinceNow))))
        // A fresh CSRF value once signed in: a value planted before sign-in is of no use afterwards.
        visit.setCookies.append(cookies.set(CSRFGuard.cookieName, CSRFGuard.newSeed(), path: visit.cookiePath, maxAge: nil))
        return redirect(visit.link(next ?? "/hop-thu"), cookies: visit.setCookies)
    }
}
