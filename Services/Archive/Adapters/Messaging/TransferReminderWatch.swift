import Contracts
import Foundation
import Logging
import ServiceKit
import Messaging
import ServiceLifecycle
import Storage

/// Publishes `dossier.transfer_due` once per closed dossier when its nộp lưu falls due within the reminder window
/// (`QLVB_ARCHIVE_TRANSFER_REMINDER_DAYS`, 30 by default). The mark and the event commit together through the outbox:
/// at least once on the broker, never a second time for the same dossier. Every copy of archive may run it.
struct TransferReminderWatch: Service {
    let work: UnitOfWork
    let store: TransferReminderStore
    let reminderDays: Int
    let logger: Logger
    var interval: Duration = .seconds(300)
    var now: @Sendable () -> Date = { Date() }

    func run() async throws {
        await Periodic.run(every: interval, logger: logger, failure: "transfer reminder pass failed; trying again") {
            while try await pass() > 0 {}
        }
    }

    /// One batch: how many reminders it published.
    @discardableResult
    func pass() async throws -> Int {
        let now = self.now()
        let before = now.addingTimeInterval(Double(reminderDays) * 86_400)
        return try await work.run { tx, events in
            let due = try await store.markDue(before: before, at: now, in: tx)
            for d in due {
                guard let closedAt = d.closedAt, let transferDue = d.transferDue else { continue }
                events.emit(try Envelope(
                    DossierTransferDue(
                        dossierId: d.id, code: d.code, title: d.title, responsible: d.creator, closedAt: closedAt, transferDue: transferDue),
                    correlationId: d.id, agency: d.agency))
                logger.info("transfer reminder published", metadata: ["dossier": "\(d.id)", "due": "\(transferDue)"])
            }
            return due.count
        }
    }
}
