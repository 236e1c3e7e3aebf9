import Foundation
import Logging

/// Settings every QLVB service shares, read from `QLVB_*` environment variables.
///
/// The table of variables, defaults and meanings is `docs/configuration.md`; keep the two in step.
public struct ServiceConfig: Sendable {
    /// Service name, e.g. `numbering`; used in logs, metrics and queue names.
    public var service: String
    /// `QLVB_AMQP_URL`: RabbitMQ (amqp:// or amqps://).
    public var amqpURL: URL
    /// `QLVB_AMQP_HEARTBEAT`: AMQP heartbeat interval; 0 disables heartbeats.
    public var amqpHeartbeat: Duration
    /// `QLVB_AMQP_TLS_CA`: CA bundle for the broker's certificate; when set, the connection uses TLS.
    public var amqpTLSCAFile: URL?
    /// `QLVB_<SERVICE>_PG_URL`: PostgreSQL connection URL (libpq syntax) as the service's own role; the shared
    /// `QLVB_PG_URL` stands in for it only with `QLVB_DEVELOPMENT=1` (`EnvironmentReader.databaseURL(service:)`).
    public var pgURL: URL
    /// `QLVB_PG_POOL_SIZE`: connections in the PostgreSQL pool.
    public var pgPoolSize: Int
    /// `QLVB_HTTP_HOST`: address the HTTP server binds to.
    public var httpHost: String
    /// `QLVB_HTTP_PORT`: port of /health, /ready, /metrics and the service's API.
    public var httpPort: Int
    /// `QLVB_LOG_LEVEL`.
    public var logLevel: Logger.Level
    /// `QLVB_LOG_FORMAT`: JSON lines for collectors, text for a terminal.
    public var logFormat: LogFormat
    /// `QLVB_PREFETCH`: unacknowledged messages the broker may push per consumer.
    public var prefetch: Int
    /// `QLVB_CONCURRENCY`: handlers running at once per service instance.
    public var concurrency: Int
    /// `QLVB_BATCH_SIZE`: messages that arrived together handled in one transaction (one commit).
    public var batchSize: Int
    /// `QLVB_BLOB_ROOT`: root of the content-addressed blob store.
    public var blobRoot: URL
    /// `QLVB_AUTH_PUBLIC_KEY`: Ed25519 public key (PEM) that verifies user tokens; nil disables authentication.
    public var authPublicKeyPEM: String?
    /// `QLVB_RETRY_DELAYS`: back-off before each retry of a transient failure; then the dead-letter queue.
    public var retryDelays: [Duration]
    /// `QLVB_OUTBOX_POLL`: how often the outbox relay looks for unsent events.
    public var outboxPollInterval: Duration
    /// `QLVB_SHUTDOWN_GRACE`: time to finish in-flight messages after SIGTERM before exiting.
    public var shutdownGrace: Duration
    /// `QLVB_QUEUE_METRICS_INTERVAL`: how often the service reads its queues' depths for `/metrics`.
    public var queueMetricsInterval: Duration

    /// True when the AMQP connection must use TLS (`amqps://` or a CA file given).
    public var amqpUsesTLS: Bool {
        amqpTLSCAFile != nil || amqpURL.scheme?.lowercased() == "amqps"
    }
}
