import Auth
import Foundation
import Hummingbird

/// Verifies `Authorization: Bearer <token>` and puts the identity in the context.
///
/// No header leaves `identity` nil (public routes still work; `RequireRoles` answers 401). A token
/// that is present but does not verify is answered with 401 at once: it is never silently ignored.
///
/// With `revocations`, a token issued before its account's sessions were ended (the person left, the password was
/// reset, the roles changed) is refused as `token_revoked`.
public struct AuthenticationMiddleware<Context: IdentityRequestContext>: RouterMiddleware {
    let verifier: TokenVerifier
    let revocations: AccessRevocations?

    public init(_ verifier: TokenVerifier, revocations: AccessRevocations? = nil) {
        self.verifier = verifier
        self.revocations = revocations
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        var context = context
        do throws(AuthError) {
            let (identity, issuedAt) = try await verifier.verifyWithIssueTime(Self.bearerToken(header))
            if revocations?.isRevoked(account: identity.account, issuedAt: issuedAt) == true { throw AuthError.revoked }
            context.identity = identity
        } catch {
            context.logger.notice("rejected token", metadata: ["auth.code": "\(error.code)"])
            throw AuthFailure(error)
        }
        context.logger[metadataKey: "account"] = "\(context.identity!.account)"
        return try await next(request, context)
    }

    static func bearerToken(_ header: String) throws(AuthError) -> String {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .malformed(reason: "Authorization header is not 'Bearer <token>'")
        }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
