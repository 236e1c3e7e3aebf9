import Contracts
import Foundation
import Messaging
import Storage

/// What one inspected delivery writes: its log row, the dedupe keys it claims (one per hosted addressee)
/// with the events each key publishes when won, and the events it publishes regardless (the 02 reply).
struct DeliveryWrite: Sendable {
    var row: DeliveryLog.Row
    /// The answer when the delivery is not a duplicate.
    var answer: DeliveryAnswer
    var claims: [DeliveryLog.Claim] = []
    /// `envelopesIfClaimed[i]` is published when `claims[i]` is won.
    var envelopesIfClaimed: [[Envelope]] = []
    var envelopes: [Envelope] = []

    /// Writes a batch of deliveries with a handful of statements: all rows, all claims, all events.
    /// A delivery that won none of its keys is a duplicate: it gets the answer of the delivery that won
    /// them (an earlier one, or one before it in this very batch).
    /// The batch is one unit of work inside the group commit's transaction (which commits it; the caller wakes
    /// the relay after), so batching keeps its single outbox statement.
    static func write(_ writes: [DeliveryWrite], log: DeliveryLog, work: UnitOfWork, in tx: PGTransaction) async throws -> [DeliveryAnswer] {
        try await work.within(tx) { events in try await write(writes, log: log, events: events, in: tx) }
    }

    private static func write(
        _ writes: [DeliveryWrite], log: DeliveryLog, events: UnitOfWork.Events, in tx: PGTransaction
    ) async throws -> [DeliveryAnswer] {
        try await log.insert(writes.map(\.row), in: tx)
        let claims = writes.flatMap(\.claims)
        let won = try await log.claim(claims, in: tx)
        var envelopes: [Envelope] = []
        var answers: [DeliveryAnswer] = []
        var position = 0
        for write in writes {
            envelopes += write.envelopes
            var wonAny = false
            for envelopesOfClaim in write.envelopesIfClaimed {
                if won.contains(position) {
                    envelopes += envelopesOfClaim
                    wonAny = true
                }
                position += 1
            }
            guard !write.claims.isEmpty, !wonAny, let first = write.claims.first,
                let earlier = try await log.earlierAnswer(
                    agency: first.agency, sender: first.sender, edxmlDocumentId: first.edxmlDocumentId, kind: first.kind, in: tx)
            else {
                answers.append(write.answer)
                continue
            }
            try await log.markDuplicate(write.row.id, answer: earlier, in: tx)
            answers.append(DeliveryAnswer(httpStatus: earlier.status, xml: Data(earlier.xml.utf8), reasonCode: nil, duplicate: true))
        }
        events.emit(envelopes)
        return answers
    }
}
