import Auth
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Messaging
import ServiceKit
import Storage

extension AuditEntry {
    /// An entry for an action by `identity`, recording the delegator it acted for, if any.
    init(_ identity: Identity, action: String, subject: String, details: [String: String] = [:], source: String?) {
        self.init(
            actor: identity.account, onBehalfOf: identity.onBehalfOf, agency: identity.agency, action: action, subject: subject,
            details: details, source: source)
    }
}

extension PeopleService {
    /// Runs a command as `identity` in one unit of work: its events go to the outbox and its audit entries to the
    /// log, last before COMMIT. People administration refuses delegated tokens (`RefuseDelegated`), so the caller's
    /// own roles apply; a delegator named by the token (where a route lets one through) is still audited.
    func run<T: Sendable>(
        _ identity: Identity, _ request: Request, _ context: QLVBRequestContext,
        _ command: (CommandContext, PGTransaction) async throws -> Outcome<T>
    ) async throws -> T {
        let acting = Acting(
            account: identity.account, principal: identity.onBehalfOf ?? identity.account, agency: identity.agency, roles: identity.roles)
        let commandContext = CommandContext(acting: acting, now: Date(), source: RequestSource.of(request, context: context))
        let schema = self.schema
        return try await UnitOfWork(database: database, outbox: outbox).run(
            { tx, events in
                let outcome = try await command(commandContext, tx)
                events.emit(outcome.events)
                return outcome
            },
            beforeCommit: { outcome, tx in
                for entry in outcome.audit { _ = try await AuditLog.append(entry, schema: schema, in: tx) }
            }
        ).value
    }
}

/// Where a request came from, for the audit log: the address the connection came from and, when a reverse proxy
/// (or the client) reports one, the client address it names (`X-Forwarded-For`'s first entry, else `X-Real-IP`),
/// with the user agent: `203.0.113.7 via 10.0.0.5; Mozilla/5.0 …`. Both are kept because a header is whatever the
/// sender wrote; the connection's address is not.
enum RequestSource {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let realIP = HTTPField.Name("X-Real-IP")!

    static func of(_ request: Request, context: QLVBRequestContext) -> String? {
        of(request, peer: context.peerAddress)
    }

    static func of(_ request: Request, peer: String?) -> String? {
        let reported = (request.headers[forwardedFor]?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? request.headers[realIP]).map { String($0.prefix(100)) }.flatMap { $0.isEmpty ? nil : $0 }
        let address: String? = switch (reported, peer) {
        case (let reported?, let peer?) where reported != peer: "\(reported) via \(peer)"
        case (let reported?, _): reported
        case (nil, let peer): peer
        }
        let agent = request.headers[.userAgent].map { String($0.prefix(200)) }
        let parts = [address, agent].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// Refuses tokens obtained by acting for a delegator on people administration: a delegation lends the leader's
/// role for assigning and supervising documents only, not for managing accounts, delegations or the audit log.
struct RefuseDelegated<Context: IdentityRequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let obo = context.identity?.onBehalfOf {
            throw PeopleError.forbidden(
                "quyền được ủy quyền từ \(obo) chỉ dùng để phân công và giám sát xử lý văn bản / a delegation from \(obo) covers assigning and supervising documents only")
        }
        return try await next(request, context)
    }
}

extension Agency: ResponseEncodable {}
extension Department: ResponseEncodable {}
extension Person: ResponseEncodable {}
extension Delegation: ResponseEncodable {}
extension SignIn.Issued: ResponseEncodable {}
extension AuditVerification: ResponseEncodable {}

/// A list in a JSON object, so fields can be added later without breaking clients.
struct Items<T: Encodable & Sendable>: ResponseEncodable, Sendable {
    var items: [T]
}

extension Request {
    /// The JSON body as `T`, or a 400 naming what is wrong.
    func json<T: Decodable>(_: T.Type, context: some RequestContext) async throws -> T {
        do {
            return try await decode(as: T.self, context: context)
        } catch let error as DecodingError {
            throw PeopleError.badRequest("nội dung JSON không hợp lệ / invalid JSON body: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            "wrong type at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted(let c): c.debugDescription
        @unknown default: "\(error)"
        }
    }
}

extension Parameters {
    func uuid(_ name: String) throws -> UUID {
        guard let id = UUID(uuidString: try require(name)) else {
            throw PeopleError.badRequest("'\(name)' không phải UUID / '\(name)' is not a UUID")
        }
        return id
    }
}
