import Auth
import Contracts
import Foundation
import Testing

@testable import RoutingService

/// The incoming commands on in-memory ports: the flow registered → submitted → assigned → processing → completed,
/// with the events and status replies each step emits.
@Suite("Incoming commands")
struct IncomingCommandTests {
    let staff = InMemoryStaff(colleagues: [
        Fixture.colleague("thutruong", [.head]), Fixture.colleague("vanthu", [.clerk]), Fixture.colleague("chuyenvien", [.specialist]),
        Fixture.colleague("phoihop", [.specialist]), Fixture.colleague("nghiviec", [.specialist], active: false),
    ])

    func context(_ acting: Acting) -> CommandContext { CommandContext(acting: acting, now: Fixture.now, source: nil) }

    /// A registered document with the packet details status replies need.
    func registered() -> IncomingDocument {
        var document = Fixture.document(.registered)
        document.sender = Organization(code: "000.00.00.K01", name: "Sở Tài chính")
        document.edxmlDocumentId = "K01-1"
        document.codeNumber = "12"
        document.codeNotation = "STC-VP"
        return document
    }

    /// A document the clerk submitted and the head assigned (main handler, co-handler, reader), in memory.
    func submittedAndAssigned() async throws -> (IncomingDocument, InMemoryIncoming, Outcome<IncomingDetail>) {
        var document = registered()
        document.state = .submitted
        let documents = InMemoryIncoming([document])
        let assigned = try await AssignIncoming(documentId: document.documentId, assignment: assignment())
            .run(context(Fixture.head), documents: documents, staff: staff)
        return (document, documents, assigned)
    }

    func assignment(main: String = "chuyenvien") -> AssignmentRequest {
        AssignmentRequest(
            main: .init(account: main), cooperating: [.init(account: "phoihop")], readers: nil, deadline: nil, note: "Xử lý")
    }

    @Test("The clerk submits to a leader; naming a specialist as leader is refused and changes nothing")
    func submitting() async throws {
        let document = registered()
        let documents = InMemoryIncoming([document])
        await #expect(throws: Refusal.self) {
            _ = try await SubmitIncoming(documentId: document.documentId, to: "chuyenvien", note: nil)
                .run(context(Fixture.clerk), documents: documents, staff: staff)
        }
        #expect(try await documents.document(document.documentId, agency: Fixture.agency, forUpdate: false)?.state == .registered)
        let outcome = try await SubmitIncoming(documentId: document.documentId, to: "thutruong", note: nil)
            .run(context(Fixture.clerk), documents: documents, staff: staff)
        #expect(outcome.value.state == .submitted)
        #expect(outcome.value.submittedTo == "thutruong")
        #expect(outcome.events.isEmpty)
        #expect(outcome.audit.map(\.action) == ["incoming.submit"])
    }

    @Test("Assigning creates one task per person, emits task.assigned for each and 04 to the sender")
    func assigning() async throws {
        var document = registered()
        document.state = .submitted
        let documents = InMemoryIncoming([document])
        let outcome = try await AssignIncoming(documentId: document.documentId, assignment: assignment())
            .run(context(Fixture.head), documents: documents, staff: staff)
        #expect(outcome.value.tasks.map(\.assignee) == ["chuyenvien", "phoihop"])
        #expect(outcome.value.tasks.map(\.role) == [.main, .cooperating])
        #expect(outcome.value.document.state == .assigned)
        #expect(outcome.events.map(\.type) == [TaskAssigned.type, TaskAssigned.type, StatusOutbound.type])
        #expect(outcome.audit.first?.details["main"] == "chuyenvien")
    }

    @Test("A delegate assigns for the head, and the tasks and audit name both")
    func assigningByDelegation() async throws {
        var document = registered()
        document.state = .submitted
        let documents = InMemoryIncoming([document])
        let delegate = Fixture.delegate("phoihop", for: "thutruong", [.head])
        let outcome = try await AssignIncoming(documentId: document.documentId, assignment: assignment())
            .run(context(delegate), documents: documents, staff: staff)
        #expect(outcome.value.tasks.allSatisfy { $0.assignedBy == "phoihop" && $0.onBehalfOf == "thutruong" })
        #expect(outcome.audit.first?.actor == "phoihop")
        #expect(outcome.audit.first?.onBehalfOf == "thutruong")
    }

    @Test("Someone who left cannot be assigned")
    func assigningALeaver() async throws {
        var document = registered()
        document.state = .submitted
        let documents = InMemoryIncoming([document])
        await #expect(throws: Refusal.self) {
            _ = try await AssignIncoming(documentId: document.documentId, assignment: assignment(main: "nghiviec"))
                .run(context(Fixture.head), documents: documents, staff: staff)
        }
        #expect(documents.tasks.isEmpty)
    }

    @Test("The main handler's acceptance starts processing with 05; completing closes every task with 06")
    func handling() async throws {
        let (document, documents, assigned) = try await submittedAndAssigned()
        let main = try #require(assigned.value.tasks.first { $0.role == .main })
        let cooperating = try #require(assigned.value.tasks.first { $0.role == .cooperating })
        let handler = Fixture.specialist

        await #expect(throws: Refusal.self) {
            _ = try await CompleteTask(taskId: main.id, result: "Xong").run(context(handler), documents: documents, staff: staff)
        }
        let accepted = try await AcceptTask(taskId: main.id).run(context(handler), documents: documents, staff: staff)
        #expect(accepted.value.state == .accepted)
        #expect(accepted.events.map(\.type) == [TaskAccepted.type, StatusOutbound.type], "the receipt, then 05 to the sender")
        #expect(try await documents.document(document.documentId, agency: Fixture.agency, forUpdate: false)?.state == .processing)

        let opinion = try await GiveOpinion(taskId: cooperating.id, text: "Đồng ý").run(context(Fixture.acting("phoihop", [.specialist])), documents: documents)
        #expect(opinion.value.author == "phoihop")

        let completed = try await CompleteTask(taskId: main.id, result: "Đã trả lời").run(context(handler), documents: documents, staff: staff)
        #expect(completed.value.state == .completed)
        #expect(completed.events.map(\.type) == [TaskCompleted.type, StatusOutbound.type])
        #expect(documents.tasks.allSatisfy { !$0.state.isOpen })
    }

    @Test("Someone else's task is refused before anything changes")
    func notTheAssignee() async throws {
        let (_, documents, assigned) = try await submittedAndAssigned()
        let main = try #require(assigned.value.tasks.first { $0.role == .main })
        let refused = await asyncRefusal {
            _ = try await AcceptTask(taskId: main.id).run(context(Fixture.acting("phoihop", [.specialist])), documents: documents, staff: staff)
        }
        #expect(refused == "not_assignee")
        #expect(documents.tasks.first { $0.id == main.id }?.state == .assigned)
    }

    @Test("Recalling withdraws every open task and the document waits for a new assignment")
    func recalling() async throws {
        var document = registered()
        document.state = .submitted
        let documents = InMemoryIncoming([document])
        _ = try await AssignIncoming(documentId: document.documentId, assignment: assignment())
            .run(context(Fixture.head), documents: documents, staff: staff)
        let outcome = try await RecallAssignment(documentId: document.documentId, reason: "Giao nhầm").run(context(Fixture.deputy), documents: documents)
        #expect(outcome.value.state == .submitted)
        #expect(documents.tasks.allSatisfy { $0.state == .withdrawn })
        #expect(outcome.audit.first?.details["tasks"] == "chuyenvien,phoihop")
    }
}

/// Reading incoming documents: the list for the clerk and the leaders, a document for those involved.
@Suite("Incoming queries")
struct IncomingQueryTests {
    @Test("A specialist neither lists documents nor reads one without a task on it")
    func visibility() async throws {
        let document = Fixture.document(.submitted)
        let unregistered = Fixture.document(.received)
        let documents = InMemoryIncoming([document, unregistered])
        #expect(try await IncomingQueries.list(Fixture.clerk, state: nil, limit: 50, offset: 0, reading: documents).total == 1)
        #expect(await asyncRefusal { _ = try await IncomingQueries.list(Fixture.specialist, state: nil, limit: 50, offset: 0, reading: documents) }
            == "clerk_or_leader_only")
        #expect(try await IncomingQueries.detail(document.documentId, Fixture.deputy, reading: documents).document == document)
        #expect(await asyncRefusal { _ = try await IncomingQueries.detail(document.documentId, Fixture.specialist, reading: documents) } == "not_involved")
        #expect(await asyncRefusal { _ = try await IncomingQueries.detail(unregistered.documentId, Fixture.head, reading: documents) } == "not_found")
    }
}
