import AMQP
import Auth
import BlobStore
import Foundation
import Hummingbird
import Logging
import Messaging
import ServiceLifecycle
import Storage
import Synchronization

/// Everything one service runs on, built from its configuration: the PostgreSQL pool (schema
/// migrated), the confirming publisher, the outbox and its relay, the message router with the
/// platform's middleware, the queue-depth gauges, the dead-letter store and its admin API, the
/// blob store and the HTTP side.
public struct ServiceRuntime: Sendable {
    public let config: ServiceConfig
    public let schema: String
    public let logger: Logger
    public let database: PGClient
    public let endpoint: AMQPEndpoint
    public let publisher: AMQPPublisher
    public let outbox: Outbox
    public let relay: OutboxRelay
    public let router: MessageRouter
    public let blobs: FileBlobStore
    public let readiness: Readiness
    public let tokenVerifier: TokenVerifier?
    /// A service's own long-running work (schedulers), run and shut down with the rest.
    let background = BackgroundServices()
    /// True for the runtime of `--print-topology`: wiring must not touch the database or the broker.
    public let isOffline: Bool
    /// Dead letters of this service's queues, kept in its schema for the admin API.
    public let deadLetters: DeadLetterStore
    let replays: ReplayRunner
    let queueProbe: QueueProbe
    /// Accounts whose older tokens are refused (`account.access_revoked`), kept by every service.
    public let revocations: AccessRevocations

    /// Builds the runtime and migrates the schema; waits for PostgreSQL while it is not up yet.
    /// - Parameter migrations: the service's own, from version 10 (1–9 are the platform's: inbox, outbox, dead letters,
    ///   access revocations).
    public static func start(config: ServiceConfig, schema: String, migrations: [Migration]) async throws -> ServiceRuntime {
        _ = LoggingBootstrap.bootstrap(config)
        MetricsBootstrap.bootstrap()
        let logger = Logger(label: "qlvb.\(config.service)")
        let database = PGClient(url: config.pgURL.absoluteString, maxConnections: config.pgPoolSize, logger: logger)
        try await migrate(database, schema: schema, migrations: Self.migrations(own: migrations), logger: logger)
        return try assemble(config: config, schema: schema, database: database, logger: logger, connects: true)
    }

    /// Every migration of a service's schema: the platform's (inbox, outbox, dead letters, access revocations) and
    /// the service's own.
    public static func migrations(own: [Migration]) -> [Migration] {
        MessagingMigrations.all + [AccessMigrations.revocations] + own
    }

    /// The runtime without its connections, for reading what the service would do (its topology,
    /// for `--print-topology`): nothing connects to PostgreSQL or RabbitMQ, nothing is migrated,
    /// and publishing fails. Wiring may run on it; `run` must not.
    public static func offline(config: ServiceConfig, schema: String) throws -> ServiceRuntime {
        _ = LoggingBootstrap.bootstrap(config)
        let logger = Logger(label: "qlvb.\(config.service)")
        let database = PGClient(url: config.pgURL.absoluteString, maxConnections: 1, logger: logger)
        return try assemble(config: config, schema: schema, database: database, logger: logger, connects: false)
    }

    private static func assemble(
        config: ServiceConfig, schema: String, database: PGClient, logger: Logger, connects: Bool
    ) throws -> ServiceRuntime {
        let endpoint = try AMQPEndpoint(
            url: config.amqpURL.absoluteString, heartbeat: Int(config.amqpHeartbeat.components.seconds),
            caCertificatePath: config.amqpTLSCAFile?.path)
        let publisher = AMQPPublisher(endpoint: endpoint, name: config.service, logger: logger, connects: connects)
        let relay = OutboxRelay(
            database: database, schema: schema, publisher: publisher, pollInterval: config.outboxPollInterval, logger: logger)
        let outbox = Outbox(schema: schema, relay: relay)
        let router = MessageRouter(
            service: config.service, endpoint: endpoint, publisher: publisher, retryDelays: config.retryDelays,
            prefetch: config.prefetch, concurrency: config.concurrency, logger: logger)
        // Outermost first: log context, then retry/dead-letter, then the transaction around the handler.
        router.useDeliveryPolicy(database: database, outbox: outbox, batchSize: config.batchSize)

        let readiness = Readiness()
        readiness.register("postgresql") { (try? await database.query("SELECT 1")) != nil }
        readiness.register("rabbitmq-publisher") { publisher.isConnected }
        readiness.register("rabbitmq-consumer") { router.topology.queues.isEmpty || router.isConnected }

        // Each service accepts only the tokens issued for it (`aud` names it).
        let verifier = try config.authPublicKeyPEM.map { try TokenVerifier(publicKeyPEM: $0, audience: config.service) }
        let revocations = AccessRevocations(schema: schema)
        router.add(RecordAccessRevoked(revocations: revocations))
        let deadLetters = DeadLetterStore(schema: schema, database: database)
        let probe = QueueProbe(endpoint: endpoint)
        return ServiceRuntime(
            config: config, schema: schema, logger: logger, database: database, endpoint: endpoint, publisher: publisher,
            outbox: outbox, relay: relay, router: router, blobs: try FileBlobStore(root: config.blobRoot, logger: logger),
            readiness: readiness, tokenVerifier: verifier, isOffline: !connects, deadLetters: deadLetters,
            replays: ReplayRunner(
                store: deadLetters, publisher: publisher, queues: probe, ownQueues: { Set(router.topology.queues.map(\.name)) },
                logger: logger),
            queueProbe: probe,
            revocations: revocations)
    }

    /// Runs until SIGTERM/SIGINT: then HTTP stops, the router stops consuming and finishes what it
    /// holds, the relay publishes what was committed, the publisher drains, and the pool closes.
    public func run(routes: @escaping (Router<QLVBRequestContext>) -> Void = { _ in }) async throws {
        let admin = DeadLetterRoutes(store: deadLetters, runner: replays, queues: queueProbe)
        let http = makeHTTPApplication(
            config: config, readiness: readiness, tokenVerifier: tokenVerifier, revocations: revocations, logger: logger
        ) { router in
            routes(router)
            admin.add(to: router)
        }
        // The queues are known only now: wiring has added the handlers.
        let depths = QueueDepthMonitor(
            endpoint: endpoint, queues: router.topology.allQueueNames, interval: config.queueMetricsInterval, logger: logger)
        let topology = router.topology
        let ingestor = DeadLetterIngestor(store: deadLetters, endpoint: endpoint, topology: { topology }, logger: logger)
        let group = ServiceGroup(configuration: .init(
            // Shared resources first: the group stops services in reverse order, so they close after their users.
            services: background.resources.map { .init(service: $0) } + [
                .init(service: database), .init(service: PublisherService(publisher: publisher, grace: config.shutdownGrace)),
                .init(service: relay), .init(service: router), .init(service: depths), .init(service: ingestor),
                .init(service: replays), .init(service: http),
                .init(service: makeOperationsApplication(config: config, readiness: readiness, logger: logger)),
                .init(service: AccessRevocationRefresher(revocations: revocations, database: database, interval: .seconds(5), logger: logger)),
            ] + background.all.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        logger.info("started", metadata: ["http_port": "\(config.httpPort)", "ops_port": "\(config.opsPort)", "queues": "\(router.topology.queues.map(\.name))"])
        try await group.run()
        logger.info("stopped")
    }

    /// Runs `service` beside the others from `run` on, with the same graceful shutdown; call it while wiring.
    public func runInBackground(_ service: any Service) { background.add(service) }

    /// Runs `service` ahead of everything else, so that on shutdown it is told last, after every handler, route and
    /// scheduler has stopped: for a shared resource (an HTTP client) that waits for shutdown and then closes.
    public func keepUntilShutdown(_ service: any Service) { background.addResource(service) }

    static func migrate(_ database: PGClient, schema: String, migrations: [Migration], logger: Logger) async throws {
        let migrator = Migrator(schema: schema, migrations: migrations, logger: logger)
        var delay = Duration.milliseconds(200)
        while true {
            do {
                try await migrator.migrate(on: database)
                return
            } catch let error as PGError where error.isTransient {
                logger.warning("PostgreSQL not available yet; retrying migrations", metadata: ["error": "\(error)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}

/// Keeps the publisher open until shutdown, then lets it publish what it holds.
struct PublisherService: Service {
    let publisher: AMQPPublisher
    let grace: Duration

    func run() async throws {
        try? await gracefulShutdown()
        await publisher.close(grace: grace)
    }
}

/// The services a service's wiring adds (schedulers), kept until `run` starts them.
final class BackgroundServices: Sendable {
    private let services = Mutex<[any Service]>([])
    private let shared = Mutex<[any Service]>([])
    func add(_ service: any Service) { services.withLock { $0.append(service) } }
    func addResource(_ service: any Service) { shared.withLock { $0.append(service) } }
    var all: [any Service] { services.withLock { $0 } }
    var resources: [any Service] { shared.withLock { $0 } }
}
