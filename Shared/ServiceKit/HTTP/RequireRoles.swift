import Auth
import Hummingbird

/// Route-level policy: the caller must be authenticated, hold one of `roles` (any role when the
/// set is empty) and, when the route has the `agencyParameter` path parameter (`/agencies/:agency/…`),
/// belong to that agency.
///
/// ```swift
/// router.group("agencies/:agency/registers").add(middleware: RequireRoles([.clerk])).get { … }
/// ```
/// Routes without the parameter skip the agency check; their handlers must scope by `identity.agency`.
public struct RequireRoles<Context: IdentityRequestContext>: RouterMiddleware {
    public let roles: Set<Role>
    public let agencyParameter: String?

    public init(_ roles: Set<Role>, agencyParameter: String? = "agency") {
        self.roles = roles
        self.agencyParameter = agencyParameter
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else { throw AuthFailure(.missing) }
        let agency = agencyParameter.flatMap { context.parameters.get($0) }
        do throws(AuthError) {
            try identity.authorize(roles: roles, agency: agency)
        } catch {
            context.logger.notice(
                "forbidden", metadata: ["auth.code": "\(error.code)", "account": "\(identity.account)", "agency": "\(identity.agency)"])
            throw AuthFailure(error)
        }
        return try await next(request, context)
    }
}
