import Contracts
import Foundation
import Messaging

/// `dossier.transfer_due` (archive): the dossier's keeper finds a notice in their feed that it must be submitted to
/// the agency archive.
struct NotifyTransferDue: EventHandler {
    let store: NoticeStore
    var now: @Sendable () -> Date = { Date() }

    func handle(_ event: DossierTransferDue, context: MessageContext) async throws -> [any Event] {
        let notice = Notice.transferDue(event, agency: context.envelope.agency, at: now())
        if try await store.add(notice, in: try context.requireTransaction()) {
            context.logger.info("keeper told of a transfer due", metadata: ["dossier": "\(event.dossierId)", "account": "\(event.responsible)"])
        }
        return []
    }
}
