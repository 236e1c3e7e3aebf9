import Auth
import Contracts
import Foundation
import Testing

@testable import ArchiveService

/// The archive's pure rules: retention input, transfer due dates and urgency, who approves a disposal list.
struct ArchiveRulesTests {
    @Test func retentionIsYearsOrPermanentNeverBoth() throws {
        #expect(try Retention.from(permanent: true, years: nil) == .permanent)
        #expect(try Retention.from(permanent: nil, years: 10) == Retention(years: 10))
        #expect(try Retention.from(permanent: nil, years: nil) == nil)
        #expect(throws: Refusal.self) { try Retention.from(permanent: true, years: 5) }
        #expect(throws: Refusal.self) { try Retention.from(permanent: nil, years: 0) }
        #expect(Retention(years: 4).mustBeTransferred == false && Retention(years: 5).mustBeTransferred && Retention.permanent.mustBeTransferred)
    }

    @Test func transferFallsDueOneYearAfterClosingWithAThirtyDayReminder() {
        let closed = Date(timeIntervalSince1970: 1_780_000_000)
        let due = TransferRules.due(closedAt: closed, retention: Retention(years: 10))!
        #expect(due.timeIntervalSince(closed) >= 365 * 86_400 && due.timeIntervalSince(closed) <= 366 * 86_400)
        #expect(TransferRules.due(closedAt: closed, retention: Retention(years: 2)) == nil)
        #expect(TransferRules.urgency(due: due, now: due.addingTimeInterval(-31 * 86_400), reminderDays: 30) == .onTime)
        #expect(TransferRules.urgency(due: due, now: due.addingTimeInterval(-29 * 86_400), reminderDays: 30) == .dueSoon)
        #expect(TransferRules.urgency(due: due, now: due, reminderDays: 30) == .overdue)
    }

    @Test func aRetentionOtherThanTheListsNeedsAReason() throws {
        #expect(throws: Refusal.self) { try DossierPolicy.retentionReason(.permanent, listed: Retention(years: 10), reason: " ") }
        #expect(try DossierPolicy.retentionReason(.permanent, listed: Retention(years: 10), reason: "Giá trị lâu dài") == "Giá trị lâu dài")
        #expect(try DossierPolicy.retentionReason(Retention(years: 10), listed: Retention(years: 10), reason: nil) == nil)
    }

    @Test func twoDifferentApproversOneOfThemTheHead() throws {
        let archivist = Identity(account: "luutru.ubnd", agency: "000.00.00.H52", roles: [.archivist])
        let archivist2 = Identity(account: "luutru2.ubnd", agency: "000.00.00.H52", roles: [.archivist])
        let head = Identity(account: "giamdoc.ubnd", agency: "000.00.00.H52", roles: [.head])
        let specialist = Identity(account: "cv.ubnd", agency: "000.00.00.H52", roles: [.specialist])
        var list = DisposalList(
            id: UUID(), agency: "000.00.00.H52", title: "x", state: .proposed, proposedBy: "luutru.ubnd", proposedAt: Date(), items: [])
        #expect(throws: Refusal.self) { try DisposalPolicy.mayApprove(list, specialist) }
        try DisposalPolicy.mayApprove(list, archivist)
        list.state = .approvedOnce
        list.firstApprover = archivist.account
        list.firstApproverRoles = ["archivist"]
        #expect(throws: Refusal.self) { try DisposalPolicy.mayApprove(list, archivist) }
        #expect(throws: Refusal.self) { try DisposalPolicy.mayApprove(list, archivist2) }
        try DisposalPolicy.mayApprove(list, head)
        list.firstApprover = head.account
        list.firstApproverRoles = ["head"]
        try DisposalPolicy.mayApprove(list, archivist)
    }
}
