import Auth
import Contracts
import Testing

@testable import RoutingService

@Suite("Incoming document rules")
struct IncomingPolicyTests {
    @Test("The clerk and the leaders list incoming documents", arguments: [
        (Fixture.clerk, true), (Fixture.head, true), (Fixture.deputy, true), (Fixture.specialist, false), (Fixture.departmentHead, false),
    ])
    func whoMayList(_ acting: Acting, _ allowed: Bool) {
        #expect(refusal { try IncomingPolicy.mayList(acting) } == (allowed ? nil : "clerk_or_leader_only"))
    }

    @Test("A handler reads a document with a task of theirs; others outside the clerk and leaders do not")
    func readingVisibility() {
        let tasks = [Fixture.task(.cooperating, .assigned, assignee: "chuyenvien")]
        #expect(refusal { try IncomingPolicy.mayRead(Fixture.specialist, tasks: tasks) } == nil)
        #expect(refusal { try IncomingPolicy.mayRead(Fixture.acting("khac", [.specialist]), tasks: tasks) } == "not_involved")
        #expect(refusal { try IncomingPolicy.mayRead(Fixture.clerk, tasks: []) } == nil)
        // A delegate sees what the leader they act for sees.
        #expect(refusal { try IncomingPolicy.mayRead(Fixture.delegate("chuyenvien2", for: "chuyenvien", [.specialist]), tasks: tasks) } == nil)
    }

    @Test("A document numbering has not registered yet does not exist for anyone")
    func receivedIsInvisible() throws {
        #expect(refusal { _ = try IncomingPolicy.visible(Fixture.document(.received)) } == "not_found")
        #expect(refusal { _ = try IncomingPolicy.visible(nil) } == "not_found")
        #expect(try IncomingPolicy.visible(Fixture.document(.registered)).state == .registered)
    }

    @Test("Only the clerk submits, and only a registered document")
    func submitting() {
        #expect(refusal { try IncomingPolicy.maySubmit(Fixture.clerk) } == nil)
        #expect(refusal { try IncomingPolicy.maySubmit(Fixture.head) } == "clerk_only")
        #expect(refusal { try IncomingPolicy.canSubmit(Fixture.document(.registered)) } == nil)
        #expect(refusal { try IncomingPolicy.canSubmit(Fixture.document(.submitted)) } == "illegal_transition")
    }

    @Test("A document goes to an active leader of the same agency")
    func submissionTarget() {
        let agency = Fixture.agency
        #expect(refusal { _ = try IncomingPolicy.submissionTarget(Fixture.colleague("pho", [.deputy]), account: "pho", agency: agency) } == nil)
        #expect(refusal { _ = try IncomingPolicy.submissionTarget(Fixture.colleague("cv", [.specialist]), account: "cv", agency: agency) } == "leader_unknown")
        #expect(refusal { _ = try IncomingPolicy.submissionTarget(Fixture.colleague("tt", [.head], active: false), account: "tt", agency: agency) } == "leader_unknown")
        #expect(refusal { _ = try IncomingPolicy.submissionTarget(Fixture.colleague("tt", [.head], agency: "000.00.00.K01"), account: "tt", agency: agency) } == "leader_unknown")
        #expect(refusal { _ = try IncomingPolicy.submissionTarget(nil, account: "ai", agency: agency) } == "leader_unknown")
    }

    @Test("Leaders assign, reassign and recall; a delegate acting for one too; others never", arguments: [
        (Fixture.head, true), (Fixture.deputy, true), (Fixture.delegate("chuyenvien", for: "thutruong", [.head]), true),
        (Fixture.clerk, false), (Fixture.departmentHead, false), (Fixture.specialist, false),
    ])
    func leadersAssign(_ acting: Acting, _ allowed: Bool) {
        #expect(refusal { try acting.requireLeader("phân công", "assign") } == (allowed ? nil : "leader_only"))
    }

    @Test("Assigning needs a submitted document, and says why when the clerk has not submitted it")
    func assigningStates() {
        #expect(refusal { try IncomingPolicy.canAssign(Fixture.document(.submitted)) } == nil)
        let early = refusalValue { try IncomingPolicy.canAssign(Fixture.document(.registered)) }
        #expect(early?.code == "illegal_transition")
        #expect(early?.english.contains("has not submitted") == true)
        #expect(early?.vietnamese.contains("chưa được văn thư trình") == true)
        #expect(refusalValue { try IncomingPolicy.canAssign(Fixture.document(.assigned)) }?.english.contains("already assigned") == true)
    }

    @Test("Reassigning and recalling only while the document is being handled", arguments: [
        (IncomingDocument.State.registered, false), (.submitted, false), (.assigned, true), (.processing, true), (.completed, false),
    ])
    func reassignAndRecallStates(_ state: IncomingDocument.State, _ allowed: Bool) {
        #expect(refusal { try IncomingPolicy.canReassign(Fixture.document(state)) } == (allowed ? nil : "illegal_transition"))
        #expect(refusal { try IncomingPolicy.canRecall(Fixture.document(state)) } == (allowed ? nil : "illegal_transition"))
    }
}

@Suite("Handling task rules")
struct TaskPolicyTests {
    @Test("Only the assignee, or a delegate acting for them, acts on a task")
    func onlyTheAssignee() {
        let task = Fixture.task(.main, .assigned, assignee: "chuyenvien")
        #expect(refusal { try TaskPolicy.requireAssignee(task, Fixture.specialist) } == nil)
        #expect(refusal { try TaskPolicy.requireAssignee(task, Fixture.head) } == "not_assignee")
        #expect(refusal { try TaskPolicy.requireAssignee(task, Fixture.delegate("khac", for: "chuyenvien", [.specialist])) } == nil)
    }

    @Test("Only a newly assigned task is accepted", arguments: [
        (HandlingTask.State.assigned, true), (.accepted, false), (.completed, false), (.withdrawn, false),
    ])
    func accepting(_ state: HandlingTask.State, _ allowed: Bool) {
        #expect(refusal { try TaskPolicy.canAccept(Fixture.task(.cooperating, state)) } == (allowed ? nil : "illegal_transition"))
    }

    @Test("Accepting the main task of an assigned document starts processing; other tasks do not")
    func processingStarts() {
        #expect(TaskPolicy.startsProcessing(Fixture.task(.main, .assigned), Fixture.document(.assigned)))
        #expect(!TaskPolicy.startsProcessing(Fixture.task(.cooperating, .assigned), Fixture.document(.assigned)))
        #expect(!TaskPolicy.startsProcessing(Fixture.task(.main, .assigned), Fixture.document(.processing)))
    }

    @Test("Opinions come from co-handlers with an open task on a document being handled")
    func opinions() {
        let handled = Fixture.document(.processing)
        #expect(refusal { try TaskPolicy.canGiveOpinion(Fixture.task(.cooperating, .accepted), handled) } == nil)
        #expect(refusal { try TaskPolicy.canGiveOpinion(Fixture.task(.main, .accepted), handled) } == "cooperating_only")
        #expect(refusal { try TaskPolicy.canGiveOpinion(Fixture.task(.reader, .assigned), handled) } == "cooperating_only")
        #expect(refusal { try TaskPolicy.canGiveOpinion(Fixture.task(.cooperating, .withdrawn), handled) } == "illegal_transition")
        #expect(refusal { try TaskPolicy.canGiveOpinion(Fixture.task(.cooperating, .accepted), Fixture.document(.completed)) } == "illegal_transition")
    }

    @Test("The main handler completes, after accepting")
    func completing() {
        #expect(refusal { try TaskPolicy.canComplete(Fixture.task(.main, .accepted)) } == nil)
        #expect(refusal { try TaskPolicy.canComplete(Fixture.task(.cooperating, .accepted)) } == "main_handler_only")
        let early = refusalValue { try TaskPolicy.canComplete(Fixture.task(.main, .assigned)) }
        #expect(early?.code == "illegal_transition")
        #expect(early?.english.contains("accept the task") == true)
        #expect(refusal { try TaskPolicy.canComplete(Fixture.task(.main, .completed)) } == "illegal_transition")
    }
}
