import Hummingbird
import ServiceKit

/// Accounts, agencies, sign-in, delegation and the audit log.
enum PeopleWiring {
    static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        { _ in }
    }
}
