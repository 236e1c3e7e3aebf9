import Hummingbird
import ServiceKit

/// Incoming assignment and processing, outgoing drafting and approval, deadlines and overdue.
enum WorkflowWiring {
    static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        { _ in }
    }
}
