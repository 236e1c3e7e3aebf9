import Foundation
import WorkingDays

/// The same-day rule (Decree 30/2020 art. 16.1.c; regulation art. 12.3): a document the leader signed is issued and
/// sent on the day it is signed, at the latest on the next working day. Past that, the clerk and the leader are told.
enum SameDayRule {
    /// When a document signed at `signedAt` is late: the end (24:00 Vietnam time) of the next working day after the
    /// signing day (a document signed on Friday evening is due by Monday's end; one signed before Tết, after it).
    static func dueBy(signedAt: Date, calendar: WorkingCalendar = .standard) -> Date {
        calendar.deadline(assignedAt: signedAt, workingDays: 1)
    }

    /// Whether every recipient has it: handed to the axis or a hosted intake (`sent`) or answered by the recipient.
    /// A recipient still queued, or failed (shown to the clerk to send again), keeps the document not dispatched.
    static func isDispatched(_ states: [RecipientState]) -> Bool {
        !states.isEmpty && states.allSatisfy { $0 != .queued && $0 != .failed }
    }
}
