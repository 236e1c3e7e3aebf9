import Foundation
import Hummingbird
import Messaging
import ServiceKit

/// Wiring of the numbering service: its handlers on the router and its HTTP routes.
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let settings = try NumberingSettings.load()
        let store = IncomingRegisterStore(schema: runtime.schema)
        runtime.router.add(RegisterIncoming(store: store, agencies: settings.agencies))
        runtime.router.add(RecordRevocation(store: store))
        runtime.router.add(RecordRevocationAnswer(store: store))
        runtime.router.add(RecordLinks(store: store))
        runtime.router.add(RecordReader(store: store))
        runtime.router.add(RecordReceipt(store: store))
        runtime.router.add(RecordCompletion(store: store))
        let outgoing = OutgoingRegisterStore(schema: runtime.schema)
        runtime.router.add(RecordSigningRequest(store: outgoing))
        runtime.router.add(RecordSigned(store: outgoing))
        runtime.router.add(RecordIssued(store: outgoing))
        runtime.router.add(RecordDispatched(store: outgoing))
        let routes = IncomingRegisterRoutes(
            database: runtime.database, store: store, blobs: runtime.blobs,
            agencies: settings.agencies)
        let outgoingRoutes = OutgoingRegisterRoutes(
            work: UnitOfWork(database: runtime.database, outbox: runtime.outbox), blobs: runtime.blobs, store: outgoing, series: settings.series,
            abbreviations: settings.abbreviations, agencies: settings.agencies)
        let paperRoutes = PaperRoutes(
            work: UnitOfWork(database: runtime.database, outbox: runtime.outbox), store: store, blobs: runtime.blobs,
            reader: ScanReader(language: settings.ocrLanguage), agencies: settings.agencies)
        return { router in
            routes.add(to: router)
            paperRoutes.add(to: router)
            outgoingRoutes.add(to: router)
        }
    }
}
