import Contracts
import Foundation
import Storage
import TestSupport
import Testing

@testable import DispatchService

/// The same-day rule (Decree 30/2020 art. 16): a signed document goes out the day it is signed, at the latest the
/// next working day; past that the clerk and the leaders see it as late.
@Suite(.serialized)
struct SameDayRuleTests {
    static func vietnam(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: text + "+07:00")!
    }

    @Test func aDocumentIsDueByTheEndOfTheNextWorkingDay() {
        // Monday 7 Dec 2026, 10:00 → end of Tuesday 8 Dec.
        #expect(SameDayRule.dueBy(signedAt: Self.vietnam("2026-12-07T10:00:00")) == Self.vietnam("2026-12-09T00:00:00"))
        // Friday 4 Dec 2026, 16:30 → end of Monday 7 Dec (the weekend is not counted).
        #expect(SameDayRule.dueBy(signedAt: Self.vietnam("2026-12-04T16:30:00")) == Self.vietnam("2026-12-08T00:00:00"))
        // Signed on Saturday: the next working day is Monday.
        #expect(SameDayRule.dueBy(signedAt: Self.vietnam("2026-12-05T09:00:00")) == Self.vietnam("2026-12-08T00:00:00"))
        // Thursday 31 Dec 2026 → 1 Jan is a holiday, so the end of Monday 4 Jan 2027.
        #expect(SameDayRule.dueBy(signedAt: Self.vietnam("2026-12-31T15:00:00")) == Self.vietnam("2027-01-05T00:00:00"))
    }

    @Test func onlyDocumentsEveryRecipientHasAreDispatched() {
        #expect(SameDayRule.isDispatched([.sent, .arrived, .accepted]))
        #expect(!SameDayRule.isDispatched([.sent, .queued]))
        #expect(!SameDayRule.isDispatched([.failed]))
        #expect(!SameDayRule.isDispatched([]))
    }

    /// On the real broker and PostgreSQL: signed long ago and never issued (waiting for its number) is late; signed
    /// long ago and sent is not; signed a moment ago is not; sent to an unreachable agency (failed) is late, naming it.
    /// The watch flags each late document once.
    @Test func theClerkAndTheLeadersSeeWhatWasNotSentInTime() async throws {
        let h = try await DispatchHarness()
        let longAgo = Date().addingTimeInterval(-8 * 86_400)
        let blob = try await h.blobs.put(DispatchHarness.pdf, mediaType: "application/pdf")
        func signed(_ id: UUID, at: Date) -> DocumentSigned {
            DocumentSigned(requestId: UUID(), documentId: id, signer: "vietnd.ubnd", signed: blob, signedAt: at)
        }
        let waiting = UUID()
        let sent = try await h.issued(to: [DispatchHarness.stc], number: 2)
        let failed = try await h.issued(to: [DispatchHarness.outside], number: 3)
        let fresh = UUID()
        let axis = RecordingAxis(failFirst: 100, permanent: true)
        try await h.running(axis: axis) {
            for (id, at) in [(waiting, longAgo), (sent.documentId, longAgo), (failed.documentId, longAgo), (fresh, Date())] {
                try await h.publish(signed(id, at: at))
            }
            try await h.publish(sent)
            try await h.publish(failed)
            let settled = try await eventually(.seconds(30)) {
                let s = try await h.store.document(agency: DispatchHarness.ubnd.code, id: sent.documentId, on: h.database)
                let f = try await h.store.document(agency: DispatchHarness.ubnd.code, id: failed.documentId, on: h.database)
                let signedCount = try await h.database.query(
                    "SELECT count(*) AS n FROM \(identifier: h.dispatchSchema).signed_documents").rows.first?.decode(Int.self, "n")
                return s?.recipients.first?.state == .sent && f?.recipients.first?.state == .failed && signedCount == 4
            }
            #expect(settled, "both issued documents reached their state and the four signatures were recorded")
        }
        let late = try await h.sameDay.late(agency: DispatchHarness.ubnd.code, now: Date(), limit: 50, on: h.database)
        #expect(Set(late.map(\.documentId)) == [waiting, failed.documentId])
        let waitingRow = try #require(late.first { $0.documentId == waiting })
        #expect(waitingRow.code == nil && waitingRow.pending.isEmpty, "not issued yet: the clerk has not numbered it")
        let failedRow = try #require(late.first { $0.documentId == failed.documentId })
        #expect(failedRow.code == "03/UBND-VP" && failedRow.pending == [DispatchHarness.outside.code])
        #expect(waitingRow.dueBy == SameDayRule.dueBy(signedAt: longAgo))
        // Another agency sees none of them.
        #expect(try await h.sameDay.late(agency: DispatchHarness.stc.code, now: Date(), limit: 50, on: h.database).isEmpty)

        // The watch flags each once.
        let flagged = try await h.sameDay.flagLate(now: Date(), on: h.database)
        #expect(Set(flagged) == [waiting, failed.documentId])
        #expect(try await h.sameDay.flagLate(now: Date(), on: h.database).isEmpty)
        #expect(try await h.sameDay.late(agency: DispatchHarness.ubnd.code, now: Date(), limit: 50, on: h.database)
            .allSatisfy { $0.flaggedAt != nil })
        // Tomorrow + 2 days the fresh one is late too, unless it is sent.
        let later = try await h.sameDay.late(agency: DispatchHarness.ubnd.code, now: Date().addingTimeInterval(5 * 86_400), limit: 50, on: h.database)
        #expect(later.contains { $0.documentId == fresh })
        await h.close()
    }
}
