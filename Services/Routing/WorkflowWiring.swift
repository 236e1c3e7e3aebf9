import Auth
import BlobStore
import Hummingbird
import ServiceKit

/// Incoming assignment and processing, outgoing drafting and approval, deadlines and overdue.
///
/// Handlers: `routing.document.received` (sender and số/ký hiệu for the status replies) and
/// `routing.document.registered` (the workflow item), `routing.document.sealed` (an approved draft issued with its number), `routing.document.revoked` (the sender took a
/// document back) and `routing.document.updated` (an update or replacement linked to the earlier document). The deadline scheduler runs as a task of its own from here,
/// polling every `QLVB_ROUTING_DEADLINE_POLL`; copies of routing may all run it (see `OverdueScheduler`).
enum WorkflowWiring {
    static func wire(_ runtime: ServiceRuntime, settings: RoutingSettings) async throws -> (Router<QLVBRequestContext>) -> Void {
        let incoming = IncomingStore(schema: runtime.schema)
        runtime.router.add(RecordReceived(store: incoming))
        runtime.router.add(RecordRegistered(store: incoming, schema: runtime.schema))
        runtime.router.add(RecordRevocation(store: incoming, schema: runtime.schema))
        runtime.router.add(RecordLinks(store: incoming))
        runtime.router.add(RecordDraftIssued(store: DraftStore(schema: runtime.schema), schema: runtime.schema))

        let scheduler = OverdueScheduler(
            database: runtime.database, outbox: runtime.outbox, schema: runtime.schema, settings: settings.deadlines,
            logger: runtime.logger)
        if !runtime.isOffline { runtime.runInBackground(scheduler) }

        var env = WorkflowEnvironment(database: runtime.database, outbox: runtime.outbox, schema: runtime.schema)
        env.approvals = try settings.privateKeyPEM.map { try ApprovalKey.Signer(privateKeyPEM: $0) }
        let routes = routes(env: env, blobs: runtime.blobs)
        return { router in routes(router) }
    }

    static func routes(env: WorkflowEnvironment, blobs: any BlobStore) -> @Sendable (Router<QLVBRequestContext>) -> Void {
        let incoming = IncomingStore(schema: env.schema)
        let routeSets: [@Sendable (Router<QLVBRequestContext>) -> Void] = [
            IncomingRoutes(env: env, store: incoming).add(to:),
            TaskRoutes(env: env, store: incoming).add(to:),
            ProgressRoutes(env: env).add(to:),
            DraftRoutes(env: env, store: DraftStore(schema: env.schema), blobs: blobs).add(to:),
            LeaverArchiveRoutes(env: env, blobs: blobs).add(to:),
        ]
        return { router in routeSets.forEach { $0(router) } }
    }
}
