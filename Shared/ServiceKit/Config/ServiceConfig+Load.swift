import Auth
import Foundation
import Logging

extension ServiceConfig {
    /// Reads the shared variables.
    /// - Throws: `ConfigError` listing every missing or invalid variable.
    /// - Parameter defaultConcurrency: the service's own default for `QLVB_CONCURRENCY`.
    public static func load(
        service: String,
        environment: [String: String] = ProcessInfo.processInfo.environment, defaultConcurrency: Int = 8
    ) throws(ConfigError) -> ServiceConfig {
        try load(service: service, environment: environment, defaultConcurrency: defaultConcurrency) { _ in () }.config
    }

    /// Reads the shared variables plus the service's own (`QLVB_<SERVICE>_<KEY>`), so problems in
    /// both are reported together.
    /// - Throws: `ConfigError` listing every missing or invalid variable.
    public static func load<Extras>(
        service: String,
        environment: [String: String] = ProcessInfo.processInfo.environment, defaultConcurrency: Int = 8,
        extras: (inout EnvironmentReader) -> Extras
    ) throws(ConfigError) -> (config: ServiceConfig, extras: Extras) {
        var env = EnvironmentReader(environment)
        let config = ServiceConfig(
            service: service,
            amqpURL: env.url("QLVB_AMQP_URL", "RabbitMQ connection URL, e.g. amqp://qlvb:qlvb@127.0.0.1:5672/%2F", schemes: ["amqp", "amqps"]),
            amqpHeartbeat: env.duration("QLVB_AMQP_HEARTBEAT", default: .seconds(30), range: .zero ... .seconds(3600)),
            amqpTLSCAFile: env.readableFile("QLVB_AMQP_TLS_CA"),
            pgURL: env.databaseURL(service: service),
            pgPoolSize: env.int("QLVB_PG_POOL_SIZE", default: 10, range: 1...200),
            httpHost: env.optional("QLVB_HTTP_HOST", default: "127.0.0.1"),
            httpPort: env.int("QLVB_HTTP_PORT", range: 1...65535, help: "HTTP port for /health, /ready, /metrics and the API, e.g. 8081"),
            logLevel: env.choice("QLVB_LOG_LEVEL", default: Logger.Level.info),
            logFormat: env.choice("QLVB_LOG_FORMAT", default: LogFormat.json),
            prefetch: env.int("QLVB_PREFETCH", default: 32, range: 1...1000),
            concurrency: env.int("QLVB_CONCURRENCY", default: defaultConcurrency, range: 1...256),
            batchSize: env.int("QLVB_BATCH_SIZE", default: 32, range: 1...1000),
            blobRoot: env.absolutePath("QLVB_BLOB_ROOT", "directory of the shared blob store, e.g. /var/lib/qlvb/blobs"),
            authPublicKeyPEM: readAuthPublicKey(&env),
            retryDelays: env.durations("QLVB_RETRY_DELAYS", default: [.seconds(1), .seconds(10), .seconds(60)]),
            outboxPollInterval: env.duration("QLVB_OUTBOX_POLL", default: .milliseconds(500), range: .milliseconds(10) ... .seconds(60)),
            shutdownGrace: env.duration("QLVB_SHUTDOWN_GRACE", default: .seconds(30), range: .zero ... .seconds(3600)),
            queueMetricsInterval: env.duration("QLVB_QUEUE_METRICS_INTERVAL", default: .seconds(15), range: .seconds(1) ... .seconds(3600)))
        let extras = extras(&env)
        try env.finish()
        return (config, extras)
    }

    /// PEM text (literal `\n` escapes allowed, as env files often need) or a path to a PEM file,
    /// checked to be an Ed25519 public key so a bad key stops start-up rather than every request.
    private static func readAuthPublicKey(_ env: inout EnvironmentReader) -> String? {
        let name = "QLVB_AUTH_PUBLIC_KEY"
        guard let value = env.value(name) else { return nil }
        let pem: String
        if value.contains("-----BEGIN") {
            pem = value.replacingOccurrences(of: "\\n", with: "\n")
        } else if let contents = try? String(contentsOfFile: value, encoding: .utf8) {
            pem = contents
        } else {
            env.reportInvalid(name, value: value, expected: "PEM text or the path of a readable PEM file")
            return nil
        }
        do {
            _ = try TokenVerifier(publicKeyPEM: pem)
        } catch {
            env.report(name, "\(name) is not an Ed25519 public key in PEM form (-----BEGIN PUBLIC KEY-----)")
            return nil
        }
        return pem
    }
}
