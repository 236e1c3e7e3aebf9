import Contracts
import Foundation
import Synchronization

@testable import RoutingService

/// An in-memory twin of `IncomingDocuments`, enough to run the incoming commands without PostgreSQL.
final class InMemoryIncoming: IncomingDocuments, Sendable {
    private struct State {
        var documents: [UUID: IncomingDocument] = [:]
        var tasks: [HandlingTask] = []
        var opinions: [Opinion] = []
    }
    private let state = Mutex(State())

    init(_ documents: [IncomingDocument]) {
        state.withLock { s in for d in documents { s.documents[d.documentId] = d } }
    }

    var tasks: [HandlingTask] { state.withLock { $0.tasks } }

    func document(_ id: UUID, agency: String, forUpdate: Bool) async throws -> IncomingDocument? {
        state.withLock { $0.documents[id].flatMap { $0.agency == agency ? $0 : nil } }
    }
    func documents(agency: String, state wanted: IncomingDocument.State?, limit: Int, offset: Int) async throws
        -> (items: [IncomingDocument], total: Int)
    {
        let all = state.withLock { $0.documents.values.filter { $0.agency == agency && $0.state != .received && (wanted == nil || $0.state == wanted) } }
        return (Array(all.dropFirst(offset).prefix(limit)), all.count)
    }
    func setState(_ id: UUID, _ new: IncomingDocument.State) async throws { state.withLock { $0.documents[id]?.state = new } }
    func setRevocation(_ id: UUID, _ revocation: Revocation, state new: IncomingDocument.State) async throws {
        state.withLock {
            $0.documents[id]?.revocation = revocation
            $0.documents[id]?.state = new
        }
    }
    func links(of document: IncomingDocument) async throws -> [DocumentLink] { [] }
    func submit(_ id: UUID, by: String, to: String?, at: Date) async throws {
        state.withLock {
            $0.documents[id]?.state = .submitted
            $0.documents[id]?.submittedBy = by
            $0.documents[id]?.submittedTo = to
            $0.documents[id]?.submittedAt = at
        }
    }
    func insert(_ task: HandlingTask) async throws { state.withLock { $0.tasks.append(task) } }
    func task(_ id: UUID, agency: String, forUpdate: Bool) async throws -> HandlingTask? {
        state.withLock { $0.tasks.first { $0.id == id && $0.agency == agency } }
    }
    func tasks(ofDocument id: UUID) async throws -> [HandlingTask] { state.withLock { $0.tasks.filter { $0.documentId == id } } }
    func accept(_ id: UUID, at: Date) async throws { change(id) { $0.state = .accepted; $0.acceptedAt = at } }
    func complete(_ id: UUID, result: String, at: Date) async throws {
        change(id) { $0.state = .completed; $0.result = result; $0.completedAt = at }
    }
    func passOn(_ id: UUID, note: String?, at: Date) async throws {
        change(id) { $0.state = .passedOn; $0.result = note; $0.completedAt = at }
    }
    func mainHandlerAccepted(document: UUID, except task: UUID) async throws -> Bool {
        state.withLock { $0.tasks.contains { $0.documentId == document && $0.id != task && $0.role == .main && $0.acceptedAt != nil } }
    }
    func closeWithDocument(_ document: UUID, at: Date) async throws {
        state.withLock { s in
            for i in s.tasks.indices where s.tasks[i].documentId == document && s.tasks[i].state.isOpen {
                s.tasks[i].state = .completed
                s.tasks[i].completedAt = at
            }
        }
    }
    func openTasks(of assignee: String, agency: String) async throws -> [HandlingTask] {
        state.withLock { $0.tasks.filter { $0.assignee == assignee && $0.agency == agency && $0.state.isOpen } }
    }
    func withdraw(task id: UUID, reason: String) async throws -> Bool {
        state.withLock { s in
            guard let i = s.tasks.firstIndex(where: { $0.id == id && $0.state.isOpen }) else { return false }
            s.tasks[i].state = .withdrawn
            s.tasks[i].withdrawnReason = reason
            return true
        }
    }
    func withdraw(document: UUID, role: HandlingRole?, reason: String) async throws -> [HandlingTask] {
        state.withLock { s in
            var withdrawn: [HandlingTask] = []
            for i in s.tasks.indices where s.tasks[i].documentId == document && s.tasks[i].state.isOpen && (role == nil || s.tasks[i].role == role) {
                s.tasks[i].state = .withdrawn
                s.tasks[i].withdrawnReason = reason
                withdrawn.append(s.tasks[i])
            }
            return withdrawn
        }
    }
    func addOpinion(document: UUID, task: UUID, author: String, onBehalfOf: String?, body: String, at: Date) async throws -> Opinion {
        state.withLock {
            let opinion = Opinion(
                id: $0.opinions.count + 1, documentId: document, taskId: task, author: author, onBehalfOf: onBehalfOf, body: body, createdAt: at)
            $0.opinions.append(opinion)
            return opinion
        }
    }
    func opinions(ofDocument id: UUID) async throws -> [Opinion] { state.withLock { $0.opinions.filter { $0.documentId == id } } }

    private func change(_ id: UUID, _ body: (inout HandlingTask) -> Void) {
        state.withLock { s in
            if let i = s.tasks.firstIndex(where: { $0.id == id }) { body(&s.tasks[i]) }
        }
    }
}
