import Foundation
import Logging
import ServiceKit
import ServiceLifecycle
import Storage

/// Flags, once each, the signed documents that were not sent to every recipient by the end of the next working day
/// (``SameDayRule``). The clerk's and the leaders' pages list them (`GET …/outgoing/late`); the flag's time is kept
/// so an auditor sees when the lateness was known. Every copy of dispatch may run it: the UPDATE takes each row once.
struct SameDayWatch: Service {
    let database: PGClient
    let store: SameDayStore
    let logger: Logger
    var interval: Duration = .seconds(60)
    var now: @Sendable () -> Date = { Date() }

    func run() async throws {
        await Periodic.run(every: interval, logger: logger, failure: "same-day watch pass failed; trying again") {
            for id in try await store.flagLate(now: now(), on: database) {
                logger.warning("signed document not sent by the next working day (same-day rule)", metadata: ["document": "\(id)"])
            }
        }
    }
}
