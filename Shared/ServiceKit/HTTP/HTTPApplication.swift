import Auth
import Hummingbird
import Logging

/// Builds the public HTTP side of a service: `/health`, request logging and metrics, authentication, then the
/// service's own routes. `/ready` and `/metrics` are on the operations listener (`makeOperationsApplication`).
///
/// - Parameters:
///   - tokenVerifier: Verifies bearer tokens; nil leaves every identity nil, so routes behind
///     `RequireRoles` answer 401 (logged as a warning at start-up).
///   - routes: Adds the service's routes; put `RequireRoles` on the groups that need it.
/// - Returns: A lifecycle `Service` serving on `config.httpHost:config.httpPort`.
public func makeHTTPApplication(
    config: ServiceConfig,
    readiness: Readiness,
    tokenVerifier: TokenVerifier?,
    revocations: AccessRevocations? = nil,
    logger: Logger,
    routes: (Router<QLVBRequestContext>) -> Void
) -> some ApplicationProtocol {
    let router = makeHTTPRouter(
        service: config.service, readiness: readiness, tokenVerifier: tokenVerifier, revocations: revocations, logger: logger,
        routes: routes)
    return Application(
        router: router,
        configuration: .init(address: .hostname(config.httpHost, port: config.httpPort), serverName: "qlvb-\(config.service)"),
        logger: logger)
}

/// The router behind `makeHTTPApplication`, for callers that assemble their own `Application`.
public func makeHTTPRouter(
    service: String,
    readiness: Readiness,
    tokenVerifier: TokenVerifier?,
    revocations: AccessRevocations? = nil,
    logger: Logger,
    routes: (Router<QLVBRequestContext>) -> Void
) -> Router<QLVBRequestContext> {
    let router = Router(context: QLVBRequestContext.self)
    // First, so that every answer, the router's own 404/405 included, has the one error body.
    let table = RouteTable()
    router.add(middleware: ErrorBodyMiddleware(routes: table))
    // Router middleware applies only to routes added after it: the liveness probe stays unlogged and unauthenticated.
    OperationalRoutes.addHealth(to: router, service: service)
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: MetricsMiddleware())
    if let tokenVerifier {
        router.add(middleware: AuthenticationMiddleware(tokenVerifier, revocations: revocations))
    } else {
        logger.warning("QLVB_AUTH_PUBLIC_KEY is not set: requests are not authenticated and routes requiring roles answer 401")
    }
    routes(router)
    table.set(from: router)
    return router
}

/// The operations listener: `/health`, `/ready` and `/metrics` on `config.opsHost:config.opsPort`, for probes and
/// Prometheus, apart from the public port.
public func makeOperationsApplication(config: ServiceConfig, readiness: Readiness, logger: Logger) -> some ApplicationProtocol {
    Application(
        router: makeOperationsRouter(service: config.service, readiness: readiness),
        configuration: .init(address: .hostname(config.opsHost, port: config.opsPort), serverName: "qlvb-\(config.service)-ops"),
        logger: logger)
}

/// The router behind `makeOperationsApplication`.
public func makeOperationsRouter(service: String, readiness: Readiness) -> Router<BasicRequestContext> {
    let router = Router()
    OperationalRoutes.add(to: router, service: service, readiness: readiness)
    return router
}
