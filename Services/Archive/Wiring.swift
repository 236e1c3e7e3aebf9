import Foundation
import Hummingbird
import Messaging
import ServiceKit

/// Wiring of the archive service: its handlers on the router and its HTTP routes.
///
/// Dossiers and search (see docs/archive.md) read one record of each document, written by one handler per event:
/// `document.received`, `document.registered`, `task.assigned`, `signing.requested`, `document.signed`,
/// `document.sealed`; `task.completed` and `document.sealed` file them into dossiers (`AutoFiling`).
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let settings = try ArchiveSettings.load()
        let dossierRoutes = wireDossiers(runtime, settings: settings)
        let search = SearchWiring.wire(runtime, settings: try SearchSettings.load())
        return { router in
            dossierRoutes(router)
            search.add(to: router)
        }
    }

    /// The file list, dossiers, transfer and disposal: handlers and routes.
    static func wireDossiers(_ runtime: ServiceRuntime, settings: ArchiveSettings) -> @Sendable (Router<QLVBRequestContext>) -> Void {
        let catalog = DocumentCatalog(schema: runtime.schema)
        let filing = AutoFiling(dossiers: DossierStore(schema: runtime.schema), catalog: catalog)
        let text = DocumentTextReader(blobs: runtime.blobs)
        runtime.router.add(RecordReceived(catalog: catalog, text: text))
        runtime.router.add(RecordRegistered(catalog: catalog))
        runtime.router.add(RecordAssignment(catalog: catalog))
        runtime.router.add(RecordDraft(catalog: catalog))
        runtime.router.add(RecordSignature(catalog: catalog))
        runtime.router.add(FileCompletedDocument(filing: filing))
        runtime.router.add(FileIssuedDocument(catalog: catalog, text: text, filing: filing))
        if !runtime.isOffline {
            runtime.runInBackground(TransferReminderWatch(
                work: UnitOfWork(database: runtime.database, outbox: runtime.outbox), store: TransferReminderStore(schema: runtime.schema),
                reminderDays: settings.reminderDays, logger: runtime.logger))
        }
        let ctx = ArchiveContext(
            work: UnitOfWork(database: runtime.database, outbox: runtime.outbox), schema: runtime.schema, blobs: runtime.blobs,
            settings: settings)
        return routes(ctx)
    }

    static func routes(_ ctx: ArchiveContext) -> @Sendable (Router<QLVBRequestContext>) -> Void {
        { router in
            FileListRoutes(ctx: ctx).add(to: router)
            DossierRoutes(ctx: ctx).add(to: router)
            ArchivistRoutes(ctx: ctx).add(to: router)
        }
    }
}
