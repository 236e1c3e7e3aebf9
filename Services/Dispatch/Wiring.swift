import AxisHTTP
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Wiring of the dispatch service: outgoing documents (`document.issued`) to their recipients, locally or over the
/// axis (`AxisSender`), their recipients' status packets (`status.received`), status packets of our own
/// (`status.outbound`), and the clerk's routes (tình trạng gửi).
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let settings = try DispatchSettings.load()
        var http = AxisHTTP.shared
        if !runtime.isOffline {
            http = AxisHTTP(client: AxisHTTP.makeClient())
            runtime.keepUntilShutdown(AxisHTTP.Shutdown(client: http.client))
        }
        let axis = VXPAxisClient(settings: try DispatchAxisSettings.load(), http: http)
        let store = OutgoingStore(schema: runtime.schema)
        let doorbell = Doorbell()
        let keys = AgencyKeys(directory: settings.keyDirectory, password: settings.keyPassword)
        runtime.router.add(SendStatus(axis: axis, blobs: runtime.blobs, schema: runtime.schema, hosted: { settings.isHosted($0) }))
        runtime.router.add(SendIssued(settings: settings, store: store, blobs: runtime.blobs, keys: keys, wake: { doorbell.ring() }))
        runtime.router.add(RecordStatus(store: store))
        let sameDay = SameDayStore(schema: runtime.schema)
        runtime.router.add(RecordSigned(store: sameDay))
        // Recalls (thu hồi): 13 to every recipient, and their answers 15/16 — on a queue of their own beside the
        // delivery state's handler of status.received.
        let recalls = RecallStore(schema: runtime.schema)
        runtime.router.add(RecallDocument(store: recalls))
        runtime.router.add(
            RecordRecallAnswer(store: recalls), queue: "dispatch.status.received.recall", bindings: [StatusReceived.type],
            name: "RecordRecallAnswer")
        if !runtime.isOffline {
            runtime.runInBackground(AxisSender(
                settings: settings, database: runtime.database, store: store, blobs: runtime.blobs, axis: axis, logger: runtime.logger,
                doorbell: doorbell))
            runtime.runInBackground(SameDayWatch(database: runtime.database, store: sameDay, logger: runtime.logger))
        }
        let routes = OutgoingRoutes(database: runtime.database, store: store, sameDay: sameDay, blobs: runtime.blobs, doorbell: doorbell)
        return { router in routes.add(to: router) }
    }
}
