import Auth
import Contracts
import Testing

@testable import RoutingService

@Suite("Drafting rules")
struct DraftPolicyTests {
    @Test("Specialists and department heads draft; clerks and leaders do not", arguments: [
        (Fixture.specialist, true), (Fixture.departmentHead, true), (Fixture.clerk, false), (Fixture.head, false), (Fixture.deputy, false),
    ])
    func whoMayCreate(_ acting: Acting, _ allowed: Bool) {
        #expect(refusal { try DraftPolicy.mayCreate(acting) } == (allowed ? nil : "drafter_only"))
    }

    @Test("Only the author revises or submits, even a leader is refused")
    func onlyTheAuthorChangesTheDraft() {
        let draft = Fixture.draft(.drafting)
        #expect(refusal { try DraftPolicy.requireAuthor(draft, Fixture.specialist, "sửa", "revise") } == nil)
        #expect(refusal { try DraftPolicy.requireAuthor(draft, Fixture.head, "sửa", "revise") } == "author_only")
        #expect(refusal { try DraftPolicy.requireAuthor(draft, Fixture.departmentHead, "sửa", "revise") } == "author_only")
    }

    @Test("A delegate acting for the author counts as the author")
    func aDelegateOfTheAuthorIsTheAuthor() {
        let draft = Fixture.draft(.drafting, author: "truongphong")
        let delegate = Fixture.delegate("chuyenvien", for: "truongphong", [.departmentHead])
        #expect(refusal { try DraftPolicy.requireAuthor(draft, delegate, "sửa", "revise") } == nil)
    }

    @Test("A draft changes only while with its author", arguments: [
        (Draft.State.drafting, true), (.returned, true), (.submitted, false), (.forwarded, false), (.approved, false),
    ])
    func editableStates(_ state: Draft.State, _ editable: Bool) {
        let refused = refusalValue { try DraftPolicy.requireEditable(Fixture.draft(state), "submit") }
        #expect(refused?.code == (editable ? nil : "illegal_transition"))
        if let refused { #expect(refused.kind == .conflict) }
    }

    @Test("The author, reviewers and leaders read a draft; other colleagues do not")
    func readingVisibility() {
        let draft = Fixture.draft(.submitted, leader: "phothutruong")
        let reviewer = Fixture.acting("gopy", [.specialist])
        let stranger = Fixture.acting("nguoila", [.specialist])
        #expect(refusal { try DraftPolicy.mayRead(draft, Fixture.specialist, reviewers: []) } == nil)
        #expect(refusal { try DraftPolicy.mayRead(draft, reviewer, reviewers: ["gopy"]) } == nil)
        #expect(refusal { try DraftPolicy.mayRead(draft, Fixture.otherDeputy, reviewers: []) } == nil)
        #expect(refusal { try DraftPolicy.mayRead(draft, stranger, reviewers: ["gopy"]) } == "not_involved")
        #expect(refusal { try DraftPolicy.mayRead(draft, Fixture.departmentHead, reviewers: []) } == "not_involved")
    }

    @Test("Comments come from those involved and stop once the draft is approved")
    func commenting() {
        #expect(refusal { try DraftPolicy.mayComment(Fixture.draft(.drafting), Fixture.clerk, reviewers: []) } == "not_reviewer")
        #expect(refusal { try DraftPolicy.mayComment(Fixture.draft(.drafting), Fixture.clerk, reviewers: ["vanthu"]) } == nil)
        #expect(refusal { try DraftPolicy.mayComment(Fixture.draft(.approved), Fixture.specialist, reviewers: []) } == "illegal_transition")
    }

    @Test("The leader it was submitted to returns it; another leader may not")
    func returning() {
        let draft = Fixture.draft(.submitted, leader: "phothutruong")
        #expect(refusal { try DraftPolicy.mayDecide(.return, draft, Fixture.deputy) } == nil)
        #expect(refusal { try DraftPolicy.mayDecide(.return, draft, Fixture.otherDeputy) } == "not_leader_in_charge")
        #expect(refusal { try DraftPolicy.mayDecide(.return, draft, Fixture.head) } == "not_leader_in_charge")
        #expect(refusal { try DraftPolicy.mayDecide(.return, draft, Fixture.specialist) } == "not_leader_in_charge")
    }

    @Test("A deputy forwards to the head; the head approves directly instead")
    func forwarding() {
        #expect(refusal { try DraftPolicy.mayDecide(.forward, Fixture.draft(.submitted, leader: "phothutruong"), Fixture.deputy) } == nil)
        #expect(refusal { try DraftPolicy.mayDecide(.forward, Fixture.draft(.submitted, leader: "thutruong"), Fixture.head) } == "illegal_transition")
        #expect(refusal { try DraftPolicy.mayDecide(.forward, Fixture.draft(.forwarded, leader: "phothutruong"), Fixture.head) } == "illegal_transition")
    }

    @Test("Only the head approves: a forwarded draft, one submitted to him, or one still with a deputy")
    func approvingIsTheHeads() {
        #expect(refusal { try DraftPolicy.mayDecide(.approve, Fixture.draft(.forwarded, leader: "phothutruong"), Fixture.head) } == nil)
        #expect(refusal { try DraftPolicy.mayDecide(.approve, Fixture.draft(.submitted, leader: "thutruong"), Fixture.head) } == nil)
        #expect(refusal { try DraftPolicy.mayDecide(.approve, Fixture.draft(.submitted, leader: "phothutruong"), Fixture.head) } == nil)
        #expect(refusal { try DraftPolicy.mayDecide(.approve, Fixture.draft(.submitted, leader: "phothutruong"), Fixture.deputy) } == "head_only")
        #expect(refusal { try DraftPolicy.mayDecide(.approve, Fixture.draft(.forwarded, leader: "phothutruong"), Fixture.deputy) } == "not_leader_in_charge")
    }

    @Test("A delegate of the head cannot approve for the head's signature")
    func aDelegateCannotApprove() {
        let delegate = Fixture.delegate("phothutruong", for: "thutruong", [.head])
        let refused = refusalValue { try DraftPolicy.mayDecide(.approve, Fixture.draft(.forwarded, leader: "phothutruong"), delegate) }
        #expect(refused?.code == "delegate_cannot_approve")
        #expect(refused?.kind == .forbidden)
        // The same delegate may still return the draft: a delegation lends supervising.
        #expect(refusal { try DraftPolicy.mayDecide(.return, Fixture.draft(.forwarded, leader: "phothutruong"), delegate) } == nil)
    }

    @Test("No decision on a draft that is not waiting for one", arguments: [Draft.State.drafting, .returned, .approved])
    func decisionsNeedAWaitingDraft(_ state: Draft.State) {
        for decision in DraftPolicy.Decision.allCases {
            #expect(refusal { try DraftPolicy.mayDecide(decision, Fixture.draft(state, leader: "thutruong"), Fixture.head) } == "illegal_transition")
        }
    }

    @Test("Each decision moves the draft to its state and is audited under its own action")
    func decisionEffects() {
        #expect(DraftPolicy.Decision.return.state == .returned)
        #expect(DraftPolicy.Decision.forward.state == .forwarded)
        #expect(DraftPolicy.Decision.approve.state == .approved)
        #expect(DraftPolicy.Decision.allCases.map(\.auditAction) == ["draft.return", "draft.forward", "draft.approve"])
    }

    @Test("Recipients must be organisation codes and repeats are dropped")
    func recipients() throws {
        #expect(try DraftContent.recipients(["000.00.00.H52", "000.00.01.H52", "000.00.00.H52"]) == ["000.00.00.H52", "000.00.01.H52"])
        #expect(refusal { _ = try DraftContent.recipients(["UBND"]) } == "recipient_invalid")
    }

    @Test("A classified mark in the field or the subject is refused")
    func secrecy() {
        #expect(refusal { try DraftContent.refuseSecret(secrecy: nil, subject: "Về việc tổ chức hội nghị") } == nil)
        #expect(refusal { try DraftContent.refuseSecret(secrecy: "Mật", subject: "Về việc tổ chức hội nghị") } == "secret_refused")
    }
}
