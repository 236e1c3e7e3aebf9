import Auth
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/auth/sign-in` (public), `/auth/act-for` and `/auth/password` (any signed-in user).
struct AuthRoutes: Sendable {
    let people: PeopleService

    func add(to router: Router<QLVBRequestContext>) {
        router.post("auth/sign-in", use: signIn)
        let signedIn = router.group("auth").add(middleware: RequireRoles([], agencyParameter: nil))
        signedIn.post("act-for", use: actFor)
        signedIn.post("password", use: changePassword)
    }

    struct Credentials: Decodable {
        var account: String
        var password: String
        /// Sign in directly as acting for this delegator (same as `act-for` afterwards).
        var onBehalfOf: String?
    }

    @Sendable func signIn(_ request: Request, context: QLVBRequestContext) async throws -> SignIn.Issued {
        let body = try await request.json(Credentials.self, context: context)
        return try await SignIn(people: people).signIn(
            account: body.account, password: body.password, onBehalfOf: body.onBehalfOf, source: RequestSource.of(request, context: context),
            client: client(request, context))
    }

    /// The address sign-in failures count under: the connection's, or what a trusted proxy (the web front end, the
    /// reverse proxy) reports.
    func client(_ request: Request, _ context: QLVBRequestContext) -> String? {
        ClientAddress.of(request.headers, peer: context.peerAddress, trusted: people.settings.trustedProxies)
    }

    struct ActFor: Decodable { var onBehalfOf: String }

    @Sendable func actFor(_ request: Request, context: QLVBRequestContext) async throws -> SignIn.Issued {
        let identity = try context.requireIdentity()
        let body = try await request.json(ActFor.self, context: context)
        return try await SignIn(people: people).actFor(caller: identity, delegator: body.onBehalfOf, source: RequestSource.of(request, context: context))
    }

    struct PasswordChange: Decodable {
        var currentPassword: String
        var newPassword: String
    }

    /// One's own password, proving the current one.
    @Sendable func changePassword(_ request: Request, context: QLVBRequestContext) async throws -> HTTPResponse.Status {
        let identity = try context.requireIdentity()
        let body = try await request.json(PasswordChange.self, context: context)
        let store = PeopleStore(schema: people.schema)
        // Both hashes run with no connection held (see SignIn); the command checks the stored hash is still the one
        // verified. A wrong current password counts as a failed sign-in, under the same throttles.
        let stored = try await SignIn(people: people).verifyCurrentPassword(
            account: identity.account, password: body.currentPassword, source: RequestSource.of(request, context: context),
            client: client(request, context))
        let hash = try await UserRoutes.hash(body.newPassword, settings: people.settings)
        let command = ChangeOwnPassword(verifiedHash: stored, newHash: hash)
        try await people.run(identity, request, context) { context, tx in
            try await command.run(context, accounts: PGAccounts(store: store, tx: tx))
        }
        return .noContent
    }
}
