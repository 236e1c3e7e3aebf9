import AxisHTTP
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Wiring of the dispatch service: status packets to the axis (outgoing documents come with issue 4/5).
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let settings = try DispatchSettings.load()
        var http = AxisHTTP.shared
        if !runtime.isOffline {
            http = AxisHTTP(client: AxisHTTP.makeClient())
            runtime.keepUntilShutdown(AxisHTTP.Shutdown(client: http.client))
        }
        runtime.router.add(SendStatus(axis: HTTPAxisClient(baseURL: settings.axisURL, http: http), blobs: runtime.blobs))
        // Recalls (thu hồi): 13 to every recipient, and their answers 15/16 — on a queue of their own beside the
        // delivery state's handler of status.received.
        let recalls = RecallStore(schema: runtime.schema)
        runtime.router.add(RecallDocument(store: recalls))
        runtime.router.add(
            RecordRecallAnswer(store: recalls), queue: "dispatch.status.received.recall", bindings: [StatusReceived.type],
            name: "RecordRecallAnswer")
        return { _ in }
    }
}
