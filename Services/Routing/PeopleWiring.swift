import Auth
import Hummingbird
import ServiceKit

/// Accounts, agencies, sign-in, delegation and the audit log.
enum PeopleWiring {
    static func wire(_ runtime: ServiceRuntime, settings config: RoutingSettings) async throws -> (Router<QLVBRequestContext>) -> Void {
        let issuer = try config.privateKeyPEM.map { try TokenIssuer(privateKeyPEM: $0) }
        if let issuer {
            try await checkKeyPair(issuer, runtime.tokenVerifier)
        } else {
            runtime.logger.warning("QLVB_ROUTING_TOKEN_PRIVATE_KEY_FILE is not set: sign-in answers 503")
        }
        var people = PeopleService(
            database: runtime.database, schema: runtime.schema, issuer: issuer, settings: config.settings, outbox: runtime.outbox)
        if let key = config.audit.key {
            let store = AuditCheckpointStore(blobs: runtime.blobs, publicKey: key.publicKey)
            people.auditCheckpoints = store
            if !runtime.isOffline {
                runtime.runInBackground(AuditCheckpointer(
                    database: runtime.database, schema: runtime.schema, store: store, key: key, interval: config.audit.interval,
                    logger: runtime.logger))
            }
        } else {
            runtime.logger.warning("QLVB_ROUTING_AUDIT_KEY_FILE is not set: no signed audit checkpoints, a truncated audit log goes unseen")
        }
        if !runtime.isOffline { try await Bootstrap.run(config, people: people, logger: runtime.logger) }
        return routes(people)
    }

    /// The people routes over `people`; tests build their router with this too.
    static func routes(_ people: PeopleService) -> (Router<QLVBRequestContext>) -> Void {
        { PeopleRoutes(people: people).add(to: $0) }
    }

    /// Tokens we sign must verify with `QLVB_AUTH_PUBLIC_KEY`, or every signed-in request would answer 401.
    private static func checkKeyPair(_ issuer: TokenIssuer, _ verifier: TokenVerifier?) async throws {
        guard let verifier else { return }
        let probe = try await issuer.issue(Identity(account: "probe.start", agency: "0", roles: []), ttl: .seconds(60))
        do {
            _ = try await verifier.verify(probe)
        } catch {
            throw ConfigError(problems: [.init(
                variable: "QLVB_ROUTING_TOKEN_PRIVATE_KEY_FILE",
                message: "QLVB_ROUTING_TOKEN_PRIVATE_KEY_FILE does not match QLVB_AUTH_PUBLIC_KEY: tokens it signs would not verify")])
        }
    }
}
