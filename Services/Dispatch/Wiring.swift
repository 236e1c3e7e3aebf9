import Foundation
import Hummingbird
import ServiceKit

/// Wiring of the dispatch service: status packets to the axis (outgoing documents come with issue 4/5).
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let url = ProcessInfo.processInfo.environment["QLVB_DISPATCH_AXIS_URL"] ?? "http://127.0.0.1:8090/"
        guard let axisURL = URL(string: url) else { throw ConfigError(problems: [.init(variable: "QLVB_DISPATCH_AXIS_URL", message: "QLVB_DISPATCH_AXIS_URL='\(url)' is not a URL")]) }
        runtime.router.add(SendStatus(axis: HTTPAxisClient(baseURL: axisURL), blobs: runtime.blobs))
        return { _ in }
    }
}
