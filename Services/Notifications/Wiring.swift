import Hummingbird
import ServiceKit

/// Wiring of the notifications service: its handlers on the router and its HTTP routes.
///
/// In-app notices (`notices`) from: `dossier.transfer_due` (archive) for the dossier's keeper. No HTTP routes yet:
/// members' tokens do not name `notifications` in their audience (Shared/Auth `Audience`), so the feed's page waits
/// for that.
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        runtime.router.add(NotifyTransferDue(store: NoticeStore(schema: runtime.schema)))
        return { _ in }
    }
}
