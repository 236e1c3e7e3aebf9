import Hummingbird
import Prometheus

/// `GET /health` (the process is up), `GET /ready` (its dependencies are) and `GET /metrics`
/// (Prometheus text). They carry no authentication: probes and scrapers hold no tokens. So `/ready` (which names
/// the failing dependencies) and `/metrics` (queue names, traffic, refusals) are served only on the operations port
/// (`QLVB_OPS_PORT`), which is not published to users; the public port keeps `/health` alone.
enum OperationalRoutes {
    private struct Health: Encodable {
        let status: String
        let service: String
    }

    private struct Ready: Encodable {
        let status: String
        let service: String
        let checks: [String: Bool]
        let failing: [String]
    }

    /// `/health`, on both ports.
    static func addHealth<Context: RequestContext>(to router: Router<Context>, service: String) {
        router.get("health") { _, _ in
            JSONResponse.make(.ok, Health(status: "ok", service: service))
        }
    }

    /// `/health`, `/ready` and `/metrics`, for the operations port.
    static func add<Context: RequestContext>(to router: Router<Context>, service: String, readiness: Readiness) {
        addHealth(to: router, service: service)
        router.get("ready") { _, _ in
            let checks = await readiness.evaluate()
            let failing = checks.filter { !$0.value }.keys.sorted()
            return JSONResponse.make(
                failing.isEmpty ? .ok : .serviceUnavailable,
                Ready(status: failing.isEmpty ? "ready" : "not_ready", service: service, checks: checks, failing: failing))
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: MetricsBootstrap.registry.emitToBuffer())))
        }
    }
}
