import Metrics
import Prometheus
import Synchronization

/// Routes swift-metrics (used by Messaging, Storage and handlers) into one Prometheus registry,
/// which `GET /metrics` renders.
public enum MetricsBootstrap {
    /// The process-wide registry; `/metrics` emits it.
    public static let registry = PrometheusCollectorRegistry()

    private static let done = Mutex(false)

    /// Bootstraps swift-metrics once per process; later calls do nothing (swift-metrics would trap).
    public static func bootstrap() {
        done.withLock { done in
            guard !done else { return }
            done = true
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        }
    }
}
