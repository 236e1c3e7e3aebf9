import Auth
import Contracts
import Foundation
import Testing

@testable import RoutingService

/// A head of department passes the department's task on inside it (giao việc trong phòng), within the leader's
/// deadline, to people of the department only.
@Suite("Department hand-on")
struct DepartmentHandOnTests {
    static let department = UUID()
    static let otherDepartment = UUID()
    let staff = InMemoryStaff(colleagues: [
        Fixture.colleague("thutruong", [.head]), Fixture.colleague("vanthu", [.clerk]),
        member("truongphong", [.departmentHead]), member("chuyenvien", [.specialist]), member("phoihop", [.specialist]),
        member("nghiviec", [.specialist], active: false), member("phongkhac", [.specialist], department: otherDepartment),
    ])

    static func member(_ account: String, _ roles: Set<Role>, active: Bool = true, department: UUID = department) -> Colleague {
        var c = Fixture.colleague(account, roles, active: active)
        c.departmentId = department
        return c
    }

    func context(_ acting: Acting, at now: Date = Fixture.now) -> CommandContext { CommandContext(acting: acting, now: now, source: nil) }

    /// The head assigned the department (its head as main handler) with a deadline 5 working days out.
    func assignedToDepartment() async throws -> (IncomingDocument, InMemoryIncoming, HandlingTask) {
        var document = Fixture.document(.submitted)
        document.sender = Organization(code: "000.00.00.K01", name: "Sở Tài chính")
        document.edxmlDocumentId = "K01-1"
        document.codeNumber = "12"
        document.codeNotation = "STC-VP"
        let documents = InMemoryIncoming([document])
        let assignment = AssignmentRequest(
            main: .init(department: Self.department), cooperating: nil, readers: nil, deadline: .init(workingDays: 5), note: nil)
        let outcome = try await AssignIncoming(documentId: document.documentId, assignment: assignment)
            .run(context(Fixture.head), documents: documents, staff: staff)
        let task = try #require(outcome.value.tasks.first)
        #expect(task.assignee == "truongphong")
        return (document, documents, task)
    }

    @Test("The head of department passes the main task on: the carrier is the main handler, the head's task is passed on")
    func passingOn() async throws {
        let (document, documents, task) = try await assignedToDepartment()
        let outcome = try await PassOnTask(taskId: task.id, main: "chuyenvien", cooperating: ["phoihop"], deadline: nil, note: "Tham mưu trả lời")
            .run(context(Fixture.departmentHead), documents: documents, staff: staff)
        #expect(outcome.value.map(\.assignee) == ["chuyenvien", "phoihop"])
        #expect(outcome.value.map(\.role) == [.main, .cooperating])
        #expect(outcome.value.allSatisfy { $0.parentTaskId == task.id && $0.deadline == task.deadline && $0.departmentId == Self.department })
        #expect(outcome.events.map(\.type) == [TaskAssigned.type, TaskAssigned.type])
        #expect(outcome.audit.map(\.action) == ["task.pass_on"])
        #expect(try await documents.task(task.id, agency: Fixture.agency, forUpdate: false)?.state == .passedOn)
        // The carrier works it as any main handler: accepts, completes the document.
        let carrier = Fixture.acting("chuyenvien", [.specialist])
        _ = try await AcceptTask(taskId: outcome.value[0].id).run(context(carrier), documents: documents, staff: staff)
        let done = try await CompleteTask(taskId: outcome.value[0].id, result: "Đã trả lời").run(context(carrier), documents: documents, staff: staff)
        #expect(done.value.state == .completed)
        #expect(try await documents.document(document.documentId, agency: Fixture.agency, forUpdate: false)?.state == .completed)
    }

    @Test("A deadline later than the leader's is refused; an earlier one is kept")
    func deadlines() async throws {
        let (_, documents, task) = try await assignedToDepartment()
        let late = await asyncRefusal {
            _ = try await PassOnTask(taskId: task.id, main: "chuyenvien", cooperating: [], deadline: .init(workingDays: 10), note: nil)
                .run(context(Fixture.departmentHead), documents: documents, staff: staff)
        }
        #expect(late == "deadline_beyond_leader")
        #expect(try await documents.task(task.id, agency: Fixture.agency, forUpdate: false)?.state == .assigned, "nothing changed")
        let outcome = try await PassOnTask(taskId: task.id, main: "chuyenvien", cooperating: [], deadline: .init(workingDays: 2), note: nil)
            .run(context(Fixture.departmentHead), documents: documents, staff: staff)
        let given = try #require(outcome.value.first?.deadline)
        #expect(given < task.deadline!)
    }

    @Test("Only the head of department, only to active members of the department, not to themself, each once")
    func refusals() async throws {
        let (_, documents, task) = try await assignedToDepartment()
        func attempt(_ acting: Acting, main: String, cooperating: [String] = []) async -> String? {
            await asyncRefusal {
                _ = try await PassOnTask(taskId: task.id, main: main, cooperating: cooperating, deadline: nil, note: nil)
                    .run(context(acting), documents: documents, staff: staff)
            }
        }
        #expect(await attempt(Fixture.specialist, main: "phoihop") == "not_assignee")
        #expect(await attempt(Fixture.departmentHead, main: "phongkhac") == "not_in_department")
        #expect(await attempt(Fixture.departmentHead, main: "nghiviec") == "not_in_department")
        #expect(await attempt(Fixture.departmentHead, main: "khongco") == "not_in_department")
        #expect(await attempt(Fixture.departmentHead, main: "truongphong") == "pass_on_to_self")
        #expect(await attempt(Fixture.departmentHead, main: "chuyenvien", cooperating: ["chuyenvien"]) == "named_twice")
        #expect(try await documents.task(task.id, agency: Fixture.agency, forUpdate: false)?.state == .assigned)
    }

    @Test("A task passed on is closed: it cannot be passed on twice")
    func onlyOnce() async throws {
        let (_, documents, task) = try await assignedToDepartment()
        _ = try await PassOnTask(taskId: task.id, main: "chuyenvien", cooperating: [], deadline: nil, note: nil)
            .run(context(Fixture.departmentHead), documents: documents, staff: staff)
        let again = await asyncRefusal {
            _ = try await PassOnTask(taskId: task.id, main: "phoihop", cooperating: [], deadline: nil, note: nil)
                .run(context(Fixture.departmentHead), documents: documents, staff: staff)
        }
        #expect(again == "illegal_transition")
    }
}
