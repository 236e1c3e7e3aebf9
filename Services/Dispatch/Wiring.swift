import AxisHTTP
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
        let axis = VXPAxisClient(settings: try DispatchAxisSettings.load(), http: http)
        runtime.router.add(SendStatus(axis: axis, blobs: runtime.blobs))
        return { _ in }
    }
}
